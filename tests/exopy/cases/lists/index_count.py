# index and count with optional bounds.
a = [1, 2, 3, 2, 1, 2]
print(a.index(2), a.index(2, 2), a.index(1, 1, 5), a.count(2), a.count(9))
try:
    a.index(7)
except ValueError:
    print("ValueError")
