# Dict and set comprehensions with conditions.
words = ["apple", "bob", "civic", "dan", "eve"]
print({w: len(w) for w in words if w == w[::-1]})
print(sorted({len(w) for w in words}))
print({i: {j for j in range(i)} == set(range(i)) for i in range(3)})
