# Set comprehensions deduplicate their results.
s = {x % 4 for x in range(20)}
print(sorted(s))
print(sorted({w.lower() for w in ["A", "a", "B", "b", "c"]}))
print(len({(x, y) for x in range(3) for y in range(3) if x <= y}))
