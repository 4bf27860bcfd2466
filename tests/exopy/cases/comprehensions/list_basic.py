# List comprehensions with conditions and transformations.
print([x * x for x in range(8)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([c.upper() for c in "abc"], [str(i) for i in (1, 2)])
print([x if x > 0 else 0 for x in (-2, -1, 0, 1, 2)])
