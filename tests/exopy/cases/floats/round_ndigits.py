# round(x, n) rounds to the nearest representable decimal.
print(round(3.14159, 2), round(3.14159, 0), round(2.675, 2))
print(round(1234.5678, -2), round(0.125, 2), round(0.375, 2))
print(round(-1.005, 2), round(1e-10, 5), round(123.456, 1))
print(type(round(3.7, 0)).__name__, round(5, 2), round(1234, -2))
print(round(1250, -2), round(1350, -2))
