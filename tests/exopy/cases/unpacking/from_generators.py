# Unpacking consumes any iterable: generators, dicts, sets, ranges.
a, b, c = (i * i for i in range(3))
print(a, b, c)
k1, k2 = {"one": 1, "two": 2}
print(k1, k2)
lo, hi = sorted({9, 4})
print(lo, hi)
x, *y = range(4)
print(x, y)
