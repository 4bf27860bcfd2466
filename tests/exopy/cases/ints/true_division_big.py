# int / int is correctly rounded even when the operands do not fit a double.
print(10**30 / 7, (2**1000 + 1) / 2**999, 2**1100 / 2**1000, 1 / 3, -(10**20) / 3)
print(float(2**53 + 1), float(2**54 + 3), float(10**23), float(-(2**64) - 1))
print((10**400) / (10**399), (10**400 + 1) / 10**300, 7 / -(2**70))
try:
    print(10**400 / 3)
except OverflowError:
    print("OverflowError")
print((3**700) // (3**699) == 3, (3**700) / (3**699))
