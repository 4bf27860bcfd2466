# Dict comprehensions, with conditions and inverted mappings.
sq = {n: n * n for n in range(6)}
print(sq)
print({k: v for k, v in sq.items() if v % 2 == 0})
inv = {v: k for k, v in {"a": 1, "b": 2}.items()}
print(inv)
print({c: "abcabc".count(c) for c in "abc"})
