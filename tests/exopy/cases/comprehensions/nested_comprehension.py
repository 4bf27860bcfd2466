# A comprehension inside another.
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
print({k: [c for c in k] for k in ("ab", "c")})
print(sum(sum(x for x in range(i)) for i in range(5)))
