# bools mixed with ints in arithmetic, bit operations and indexing.
print(True + 2, True << 3, 5 & True, [10, 20][True], "ab"[False])
print(True // 2, -True, True**10, divmod(True, 2))
print(sum(x > 2 for x in range(6)), max(False, 0), min(True, 1))
