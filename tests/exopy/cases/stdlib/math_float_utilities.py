# fsum, isclose, remainder, dist, nextafter, ulp, cbrt, exp2 and lcm.
import math

print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1.0]))
print(math.isclose(0.1 + 0.2, 0.3), math.isclose(1, 1.1), math.isclose(1, 1.1, rel_tol=0.2))
print(math.remainder(7, 4), math.remainder(5, 2), math.remainder(-7, 4), math.lcm(4, 6, 10))
print(math.dist([0, 0], [3, 4]), math.nextafter(1.0, 2.0) - 1.0, math.ulp(1.0), math.ulp(2.0**52))
print(math.cbrt(27), math.cbrt(-8), math.exp2(10), math.exp2(-1))
