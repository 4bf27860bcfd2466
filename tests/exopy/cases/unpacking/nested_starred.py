# Starred unpacking nested inside tuple targets.
(a, *b), c = "xyz", 5
print(a, b, c)
[first, [second, *others]] = [1, [2, 3, 4]]
print(first, second, others)
