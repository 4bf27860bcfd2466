/* code.h: the bytecode: opcodes shared by the compiler and the VM. Every instruction is three
 * bytes: the opcode and a little-endian 16-bit argument. */
#ifndef EXOPY_CODE_H
#define EXOPY_CODE_H

#define INSN_SIZE 3

enum {
    NOP,
    POP_TOP,
    ROT_TWO,
    ROT_THREE,
    DUP_TOP,
    DUP_TOP_TWO,
    LOAD_CONST,
    LOAD_NAME,
    STORE_NAME,
    DELETE_NAME,
    LOAD_GLOBAL,
    STORE_GLOBAL,
    DELETE_GLOBAL,
    LOAD_FAST,
    STORE_FAST,
    DELETE_FAST,
    LOAD_DEREF,
    STORE_DEREF,
    DELETE_DEREF,
    LOAD_CLOSURE,
    LOAD_CLASSDEREF,
    LOAD_ATTR,
    STORE_ATTR,
    DELETE_ATTR,
    BINARY_SUBSCR,
    STORE_SUBSCR,
    DELETE_SUBSCR,
    BUILD_SLICE,
    BINARY_OP,
    INPLACE_OP,
    UNARY_OP,
    UNARY_NOT,
    COMPARE_OP, /* 0-5 rich comparisons, 6 in, 7 not in, 8 is, 9 is not */
    JUMP,
    POP_JUMP_IF_FALSE,
    POP_JUMP_IF_TRUE,
    JUMP_IF_FALSE_OR_POP,
    JUMP_IF_TRUE_OR_POP,
    GET_ITER,
    FOR_ITER,
    CALL,          /* arg: positional count */
    CALL_KW,       /* arg: total count; a tuple of keyword names on top */
    CALL_EX,       /* arg & 1: a kwargs dict on top; under it the args tuple and the callee */
    MAKE_FUNCTION, /* arg: 1 defaults, 2 kwdefaults, 8 closure; code and qualname on top */
    RETURN_VALUE,
    YIELD_VALUE,
    YIELD_FROM,
    BUILD_TUPLE,
    BUILD_LIST,
    BUILD_SET,
    BUILD_MAP,
    LIST_APPEND,
    SET_ADD,
    MAP_ADD,
    LIST_EXTEND,
    SET_UPDATE,
    DICT_UPDATE,
    DICT_MERGE, /* like DICT_UPDATE but duplicate keys are a TypeError (call **kwargs) */
    LIST_TO_TUPLE,
    UNPACK_SEQUENCE,
    UNPACK_EX,
    SETUP_FINALLY,
    POP_BLOCK,
    POP_EXCEPT,
    RERAISE,
    RAISE,
    JUMP_IF_NOT_EXC_MATCH,
    SETUP_WITH,
    WITH_EXCEPT,
    IMPORT_NAME,
    IMPORT_FROM,
    IMPORT_STAR,
    LOAD_BUILD_CLASS,
    FORMAT_VALUE, /* arg: conversion (0, 'r', 's', 'a') | 0x100 if a spec is on top */
    BUILD_STRING,
    LOAD_ASSERTION_ERROR,
    PRINT_EXPR,
    NOPS_COUNT,
};

enum { BLOCK_FINALLY = 1, BLOCK_WITH = 2 };

#endif
