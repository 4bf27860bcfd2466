# Lambdas with defaults, varargs and as sort keys.
sq = lambda x: x * x
add = lambda a, b=10: a + b
var = lambda *a, **k: (a, k)
print(sq(7), add(1), add(1, 2), var(1, z=2))
print(sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))
print((lambda: "no args")())
print(list(map(lambda x, y: x * y, [1, 2], [3, 4])))
