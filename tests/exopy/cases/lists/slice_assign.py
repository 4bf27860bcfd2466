# Slice assignment and deletion, including extended slices.
a = list(range(8))
a[1:3] = ["a", "b", "c", "d"]
print(a)
a[::2] = [0] * len(a[::2])
print(a)
del a[::3]
print(a)
a[:0] = [-1]
print(a)
try:
    a[::2] = [1]
except ValueError:
    print("ValueError")
