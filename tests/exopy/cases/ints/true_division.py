# / between ints always gives a float.
print(7 / 2, -7 / 2, 6 / 3, 1 / 4)
print(type(6 / 3).__name__)
print(10 / 4 * 4)
print(2**60 / 2**58)
