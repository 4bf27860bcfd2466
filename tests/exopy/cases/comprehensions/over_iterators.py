# Comprehensions over zip, enumerate, dict items and generators.
a = [1, 2, 3]
b = [10, 20, 30]
print([x + y for x, y in zip(a, b)])
print([i for i, v in enumerate(b) if v > 15])
print([k for k, v in {"p": 1, "q": 0}.items() if v])
print([x for x in (y * 2 for y in a)])
