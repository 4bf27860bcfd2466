# float() of ints and bools, and of big ints.
print(float(3), float(-7), float(True), float(0))
print(float(2**60), float(10**20), float(2**1000) > 1e300)
try:
    float(2**2000)
except OverflowError:
    print("OverflowError")
