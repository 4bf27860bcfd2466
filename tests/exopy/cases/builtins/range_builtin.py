# range in for loops, membership and conversions.
print(list(range(3)), tuple(range(1, 4)), set(range(2)) == {0, 1})
print(5 in range(10), 10 in range(10), -1 in range(-5, 0), 3.0 in range(5))
print(sum(range(0, 100, 5)), max(range(7)), min(range(3, 9)))
