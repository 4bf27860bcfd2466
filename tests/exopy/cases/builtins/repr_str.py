# repr and str of strings and containers differ only where quoting matters.
for v in ("s", 1, 1.5, None, [1, "a"], ("t",), {"k": "v"}, b"b", True):
    print(repr(v), str(v))
print(repr(repr("x")), str(str("y")))
