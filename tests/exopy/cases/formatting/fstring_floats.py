# Fixed-point and percentage float format specs.
x = 3.14159265
print(f"{x:.2f} {x:.0f} {x:8.3f} {x:<8.1f}| {-x:+.2f} {x:08.2f}")
print(f"{0.5:.0f} {1.5:.0f} {2.675:.2f}")
print(f"{0.25:%} {0.256:.1%}")
print(f"{1234567.891:,.2f}")
