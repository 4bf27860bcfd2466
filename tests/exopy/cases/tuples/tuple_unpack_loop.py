# Tuples in loops, comparisons and as accumulators.
points = [(3, 4), (1, 1), (0, 5), (3, -4)]
for x, y in sorted(points):
    print(x, y, x * x + y * y)
best = max(points, key=lambda p: (p[0] ** 2 + p[1] ** 2, p))
print(best, tuple(sorted(set(points))), (1, 2) + tuple(range(3)))
