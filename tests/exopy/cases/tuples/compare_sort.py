# Tuples compare item by item, which sorting relies on.
print((1, 2) < (1, 3), (1, 2) < (1, 2, 3), (2,) > (1, 99), () < (0,))
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
print(sorted(pairs))
print(max(pairs), min(pairs))
print((1, 2) == (1, 2), (1, 2) == [1, 2])
