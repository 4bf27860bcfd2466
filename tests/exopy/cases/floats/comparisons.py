# Comparing floats with ints, including big ints beyond float precision.
print(0.1 + 0.2 == 0.3, 0.5 == 1 / 2, 1.0 < 2, 2 <= 2.0)
print(2**53 + 1 == 2.0**53, 2**53 == 2.0**53)
print(10**400 > 1e308, -(10**400) < -1e308)
print(sorted([3, 1.5, -2, 2.25, 0]))
print(max(1, 1.0), min(2.0, 2))
