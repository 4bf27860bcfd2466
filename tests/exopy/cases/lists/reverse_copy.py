# reverse, copy and reversed().
a = [1, 2, 3]
b = a.copy()
a.reverse()
print(a, b, list(reversed(b)), b)
print(a is b, a == b[::-1])
