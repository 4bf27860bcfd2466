# Chained assignment binds every target to the same object.
a = b = c = []
a.append(1)
print(a, b, c, a is c)
x, y = z = 1, 2
print(x, y, z)
