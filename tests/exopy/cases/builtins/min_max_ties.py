# min and max return the first of equal elements.
pairs = [(1, "a"), (3, "b"), (3, "c"), (1, "d")]
print(max(pairs, key=lambda p: p[0]), min(pairs, key=lambda p: p[0]))
print(max([1, 1.0, True], key=lambda x: 0), min(["b", "a", "c"], key=lambda x: 0))
print(max(0, False), max(False, 0), min(1.0, 1), min(1, 1.0))
