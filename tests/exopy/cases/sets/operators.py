# Union, intersection, difference and symmetric difference.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection([1, 4, 7])), sorted(a.difference(b)))
print(sorted(a.symmetric_difference(b)))
