# math functions on ints too big for a double: logs work, sqrt overflows.
import math

print(
    round(math.log(2**2000), 6),
    math.log10(10**500),
    math.log2(2**3000),
    round(math.log(10**400, 10), 9),
)
print(math.floor(1e300) == int(1e300), math.ceil(-1e300) == -int(1e300), math.trunc(-2.5e20))
try:
    math.sqrt(10**400)
except OverflowError:
    print("OverflowError")
print(math.isqrt(10**400) == 10**200, math.gcd(10**400, 10**399 * 3) == 10**399)
