# keys views support set operations.
a = {"x": 1, "y": 2, "z": 3}
b = {"y": 0, "w": 0}
print(sorted(a.keys() & b.keys()), sorted(a.keys() | b.keys()), sorted(a.keys() - b.keys()))
print(list(reversed(a)), list(reversed(a.values())))
