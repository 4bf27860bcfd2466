# int/float comparisons are exact, even where the int does not fit a double.
big = 2**53
print(big + 1 > float(big), big + 1 == float(big + 1), float(big + 1) == big)
print(2**1000 > 1e300, 2**1024 > 1.7976931348623157e308, -(2**1024) < -1.7976931348623157e308)
print(10**16 + 1 == 1e16, 10**16 == 1e16, 0.5 < 1, -0.5 > -1)
print(sorted([2**53 + 1, float(2**53), 2**53 - 1]))
print(max(2**64, 1.8446744073709552e19), min(2**64 + 1, 1.8446744073709552e19))
