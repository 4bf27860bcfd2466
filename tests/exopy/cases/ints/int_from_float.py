# int() truncates floats toward zero.
for f in (3.7, -3.7, 0.5, -0.5, 1e20, 2.0**70, -1e10):
    print(f, int(f))
print(int(True), int(False), int(-0.0))
