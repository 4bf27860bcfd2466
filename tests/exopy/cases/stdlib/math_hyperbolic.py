# Hyperbolic functions and their inverses, rounded to hide last-digit libm differences.
import math

for x in (0.0, 0.5, 1.0, -2.0):
    print(x, [round(f(x), 12) for f in (math.sinh, math.cosh, math.tanh, math.asinh)])
print(round(math.acosh(1.0), 12), round(math.acosh(10.0), 12), round(math.atanh(0.5), 12))
for f, bad in ((math.acosh, 0.5), (math.atanh, 1.0)):
    try:
        f(bad)
    except ValueError:
        print("ValueError", bad)
