# Floats switch to exponent notation at CPython's thresholds.
for x in (1e15, 1e16, 1.5e16, 1e-4, 1e-5, 0.0001234, 123456789012345678.0, 1e100, 2.5e-300):
    print(repr(x))
print(1e22, 1e23, 5e-324)
