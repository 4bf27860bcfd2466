# Slices of mutable sequences assigned from ranges.
a = [0] * 6
a[1:4] = range(3)
print(a)
a[::2] = range(100, 103)
print(a)
