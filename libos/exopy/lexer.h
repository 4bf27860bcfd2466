/* lexer.h: tokens and the tokenizer state shared by the lexer (lexer.c) and parser (parse.c). */
#ifndef EXOPY_LEXER_H
#define EXOPY_LEXER_H

#include "ast.h"

enum { T_NAME, T_NUM, T_STR, T_OP, T_NEWLINE, T_INDENT, T_DEDENT, T_END };

typedef struct {
    int kind, line;
    const char *p;
    size_t len;
    Obj *v; /* number value, or string value */
    int fstr, bytes;
} Tok;

typedef struct {
    const char *src, *end, *cur;
    int line;
    Obj *filename;
    Tok *toks;
    size_t ntok, cap, pos;
    int indents[100];
    int nind;
    int depth;          /* bracket nesting */
    int open_line[200]; /* line of each open bracket, for "never closed" */
    int in_func, in_loop;
} P;

#define ERR(p, ...) syntax_error((p)->filename, (p)->line, __VA_ARGS__)

/* Split p->src..p->end into p->toks: INDENT/DEDENT from indentation, NEWLINE only outside
 * brackets, string and number literals with their values. */
void lex_tokenize(P *p);
/* The value of a string literal's body: escapes processed unless raw; bytes or str. */
Obj *lex_unescape(P *p, const char *s, size_t n, int raw, int bytes);

#endif
