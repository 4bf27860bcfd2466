# math.comb, math.perm and math.prod on small and big values.
import math

print(math.comb(5, 2), math.comb(100, 50), math.comb(3, 5), math.perm(5, 2), math.perm(5))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod(range(1, 21)), math.prod([2.5, 2]))
try:
    math.comb(-1, 2)
except ValueError:
    print("ValueError")
