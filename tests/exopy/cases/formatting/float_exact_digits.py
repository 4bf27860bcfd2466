# Fixed-point formatting prints the exact decimal value of the double.
print(f"{0.1:.30f}")
print(f"{1e22:.0f} {1e23:.0f}")
print(f"{2**0.5:.20f}")
print("%.17f" % (1 / 3), "%.0f" % 1e300 == str(int(1e300)))
print(f"{5e-324:.330f}".rstrip("0")[-5:])
