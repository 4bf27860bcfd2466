# Generator expressions are lazy and single-use.
g = (x * x for x in range(5))
print(next(g), next(g), list(g), list(g))
print(sum(x for x in range(101)), max(len(w) for w in ["a", "abc", "ab"]))
print(any(x > 3 for x in range(5)), all(x < 3 for x in range(5)))
print(type(g).__name__)
