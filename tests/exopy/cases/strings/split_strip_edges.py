# split(None, n) keeps trailing whitespace in the remainder; Unicode whitespace counts.
s = "  a b  c  "
print(s.split(None, 1), s.rsplit(None, 1), s.split(" ", 2), s.split(None, 0), s.rsplit(None, 0))
print(repr("\u3000x\u00a0\t".strip()), "\x1c\x1d\x1e\x1f\x85".isspace(), "a\u2003b".split())
print("a\x0bb\x0cc\x1cd".split(), "1\u20282".splitlines())
