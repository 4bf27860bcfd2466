# Operations whose argument is the list itself.
a = [1, 2]
a.extend(a)
print(a)
a += a
print(a)
b = [1, 2, 3]
b[1:1] = b
print(b)
c = [1, 2, 3]
c[:] = c[::-1]
print(c)
d = [0]
d.append(d[:])
print(d, d[1] is d)
e = bytearray(b"ab")
e.extend(e)
print(e)
