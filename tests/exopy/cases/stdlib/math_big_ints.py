# math functions accept big ints where CPython converts them exactly.
import math

print(math.floor(10**20), math.ceil(-(10**20)), math.gcd(10**30, 10**20 * 7))
print(math.sqrt(10**20), math.log10(10**20), math.isqrt(2**200) == 2**100)
print(math.trunc(-(2**70)), math.fabs(-(2**60)))
