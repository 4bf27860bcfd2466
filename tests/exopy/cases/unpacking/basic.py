# Tuple and list unpacking, including swaps.
a, b = 1, 2
a, b = b, a
print(a, b)
[x, y, z] = "xyz"
print(x, y, z)
(p, q), r = (1, 2), 3
print(p, q, r)
