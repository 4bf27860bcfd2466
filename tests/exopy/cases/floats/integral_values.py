# Integral floats print with a trailing .0 and compare equal to ints.
for x in (0.0, -0.0, 1.0, -3.0, 2.0**53, 1e15):
    print(x, x == int(x), x.is_integer())
print(3.0 == 3, 3.5 == 3)
