# Integer-to-float conversions that cannot fit raise OverflowError.
for f in (lambda: float(10**400), lambda: 10**400 / 1, lambda: 2.0**5000):
    try:
        f()
    except OverflowError:
        print("OverflowError")
print(10**400 // 10**399)
