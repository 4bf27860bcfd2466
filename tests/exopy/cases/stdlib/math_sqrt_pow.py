# sqrt, pow, fabs and hypot.
import math

print(math.sqrt(16), math.sqrt(2), math.sqrt(0.0), math.pow(2, 10), math.pow(2, 0.5))
print(math.fabs(-3), math.fabs(2.5), math.hypot(3, 4))
try:
    math.sqrt(-1)
except ValueError:
    print("ValueError")
