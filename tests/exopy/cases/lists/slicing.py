# List slicing makes copies.
a = [0, 1, 2, 3, 4, 5]
b = a[:]
b[0] = 99
print(a, b)
print(a[1:4], a[::-1], a[::2], a[-2:], a[10:], a[4:1:-1])
