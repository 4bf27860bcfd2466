# bools are ints: arithmetic and comparisons.
print(True + True, True * 10, False - 1, True / 2)
print(True == 1, False == 0, True is True, True > False)
print(sum([True, True, False, True]))
print(type(True + 1).__name__, type(True & False).__name__)
print(True & False, True | False, True ^ True, ~True)
