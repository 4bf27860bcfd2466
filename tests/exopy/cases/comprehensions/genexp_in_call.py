# A generator expression as the sole call argument needs no parentheses.
print(sorted(x % 5 for x in range(12)))
print(tuple(c for c in "abc"), list(i for i in range(3)))
print(",".join(str(i) for i in range(4)), dict((k, k * 2) for k in "ab"))
print(set(x for x in [1, 1, 2]) == {1, 2}, min(x for x in [5, 3, 7]))
