# List literals, len, indexing and nesting.
a = [1, "two", 3.0, None, [5, 6]]
print(a, len(a), a[1], a[-1][0], a[4][-1])
print([], [[]], len([[]]))
print(list(), list("abc"), list(range(3)), list((1, 2)))
