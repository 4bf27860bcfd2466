# str.format with specs, conversions and attribute lookups.
print("{:>8}|{:<8}|{:^8}".format("r", "l", "c"))
print("{0:.3f} {0:e} {1:x}".format(1.0, 255))
print("{!r:>8}".format("x"))


class P:
    x = 5


print("{0.x} {p.x}".format(P(), p=P()))
