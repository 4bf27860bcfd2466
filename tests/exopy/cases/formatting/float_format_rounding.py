# Fixed-point formatting rounds the exact binary value, half to even.
for x in (0.125, 0.375, 2.5, 3.5, 1.005, 1.015, 0.045):
    print(x, f"{x:.2f}", f"{x:.1f}", "%.0f" % x)
