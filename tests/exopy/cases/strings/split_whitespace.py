# split() with no separator splits on runs of whitespace.
print("  a b\t\tc\nd  ".split())
print("".split(), "   ".split())
print("a b c d".split(None, 2))
print("one".split())
