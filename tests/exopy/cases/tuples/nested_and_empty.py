# Empty and nested tuples: identity-free equality, len and truth.
e = ()
print(e == tuple(), len(e), bool(e), bool(((),)), len(((),)))
nested = ((1, (2, (3, (4,)))),)
print(nested[0][1][1][1][0], nested == ((1, (2, (3, (4,)))),))
print(tuple(tuple(range(i)) for i in range(4)))
print(max([(1, "b"), (1, "a")]), sorted([(2,), (1, 5), (1,)]))
