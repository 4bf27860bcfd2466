# Slicing with negative steps over lists, strings and ranges.
a = list(range(10))
print(a[::-1], a[8:2:-2], a[-1:-5:-1], a[2:8:-1])
print("hello"[::-2], range(10)[::-3], list(range(10)[7:1:-2]))
