# Float powers and pow() with float arguments.
print(2.0**-2, 9**0.5, 27 ** (1 / 3) > 2.99, (-8.0) ** 2)
print(pow(2, 0.5), pow(2.0, 3), pow(10, -2))
print(0.0**0, 1.5**2)
try:
    0.0**-1
except ZeroDivisionError:
    print("ZeroDivisionError")
