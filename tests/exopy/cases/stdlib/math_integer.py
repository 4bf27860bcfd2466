# gcd, factorial and isqrt work on ints exactly, including big ones.
import math

print(math.gcd(12, 18), math.gcd(0, 5), math.gcd(-4, 6), math.gcd(2**80, 2**70 * 3))
print(math.factorial(0), math.factorial(10), math.factorial(30))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40 + 1))
try:
    math.factorial(-1)
except ValueError:
    print("ValueError")
