# erf, erfc, gamma and lgamma at simple points, rounded to 12 places.
import math

print([round(math.erf(x), 12) for x in (0, 0.5, 1, -1, 3)])
print([round(math.erfc(x), 12) for x in (0, 0.5, 1, -1)])
print([math.gamma(n) for n in (1, 2, 5, 10)], round(math.gamma(0.5) ** 2, 12))
print([round(math.lgamma(x), 12) for x in (1, 2, 10, 0.5)])
try:
    math.gamma(0)
except ValueError:
    print("ValueError")
