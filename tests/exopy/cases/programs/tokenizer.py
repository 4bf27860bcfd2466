# A tokenizer and recursive-descent evaluator for + - * / and parentheses.
def tokens(src):
    out = []
    for ch in src.replace(" ", ""):
        if ch.isdigit() and out and isinstance(out[-1], int):
            out[-1] = out[-1] * 10 + int(ch)
        else:
            out.append(int(ch) if ch.isdigit() else ch)
    return out


def evaluate(toks):
    pos = 0

    def level(ops, sub):
        nonlocal pos
        value = sub()
        while pos < len(toks) and toks[pos] in ops:
            op, pos = toks[pos], pos + 1
            rhs = sub()
            value = {"+": value + rhs, "-": value - rhs, "*": value * rhs}.get(op, value // rhs)
        return value

    def atom():
        nonlocal pos
        tok, pos = toks[pos], pos + 1
        if tok == "(":
            value = level("+-", lambda: level("*/", atom))
            pos += 1
            return value
        return tok

    return level("+-", lambda: level("*/", atom))


for src in ("1 + 2 * 3", "(1 + 2) * 3", "100 / 7 - 2", "2 * (3 + 4) * 5"):
    print(src, "=", evaluate(tokens(src)), tokens(src))
