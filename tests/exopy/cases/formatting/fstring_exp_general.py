# e and g float format specs.
for x in (12345.678, 0.000123, 1e100, 0.0, -2.5):
    print(f"{x:e} {x:.2e} {x:g} {x:.3g}")
