# Integer format specs: sign, zero-padding, bases, grouping.
n = 1234567
print(f"{n:,} {n:_} {n:+d} {-n:d} {n:010d}")
print(f"{255:x} {255:X} {255:o} {255:b} {255:#x} {255:#b} {255:#o}")
print(f"{5:03} {-5:03} {42:+5}")
print(f"{0:x} {-255:x}")
