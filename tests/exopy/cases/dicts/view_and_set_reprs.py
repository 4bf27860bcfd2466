# repr of dict views, empty and one-element sets and frozensets, ranges and slices.
d = {"a": 1, "b": [2]}
print(d.keys(), d.values(), d.items())
print({}.keys(), set(), frozenset(), {1}, frozenset({"x"}), {(): None})
print(range(0, 10, 2)[1:3], range(10)[::-1], slice(1, 2), slice(None), slice(1, None, -1))
