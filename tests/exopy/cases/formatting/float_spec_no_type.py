# A float spec with a precision but no type letter formats like g, keeping a decimal point.
for x in (2.5, 1234.5678, 0.000123456, 1e20, 100.0, 3.0, -0.0):
    print(f"{x:.1}|{x:.3}|{x:.10}|{x:12.4}|{x:}")
print("{:.0}".format(7.0), "{:.2}".format(1 / 3), format(1e16, ".17"))
