# Comprehensions with conditional expressions and nested filters.
print([x if x % 2 else -x for x in range(6)])
print([(x, y) for x in range(4) if x for y in range(x) if (x + y) % 2])
print({x: ("even" if x % 2 == 0 else "odd") for x in range(4)})
print(["".join(c for c in w if c not in "aeiou") for w in ("banana", "kiwi", "plum")])
