# repr of ranges.
print(range(5), range(1, 5), range(1, 10, 2), range(0, -5, -1))
print(repr(range(3)), str(range(2, 3)))
