# The remainder takes the sign of the divisor.
for a in (7, -7, 9, -9, 0):
    for b in (4, -4, 3, -3):
        print(a, b, a % b)
