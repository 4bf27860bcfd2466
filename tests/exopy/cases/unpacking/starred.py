# Starred targets collect the rest into a list.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
a, *mid, z = range(5)
print(a, mid, z)
x, *empty, y = (1, 2)
print(x, empty, y)
