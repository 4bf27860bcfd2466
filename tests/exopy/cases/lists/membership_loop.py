# in, not in, and iteration over a list.
a = ["x", 2, None, [1]]
print(2 in a, "y" not in a, None in a, [1] in a, 1 in a)
for i, v in enumerate(a):
    print(i, v)
