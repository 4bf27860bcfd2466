# Extreme finite values and overflow to inf.
big = 1.7976931348623157e308
print(big, big * 10, -big * 10)
print(2.2250738585072014e-308, 5e-324 / 2)
print(1e308 + 1e308)
try:
    print(2.0**10000)
except OverflowError:
    print("OverflowError")
