# str and repr of floats are the same in Python 3, also inside containers.
vals = [1.0, 0.1, 1e-7, 1e16, -2.5]
print(vals)
print([str(v) for v in vals])
print((0.5, 1.25), {"k": 3.75})
