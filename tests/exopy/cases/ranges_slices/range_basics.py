# range with one, two and three arguments, including negative steps.
print(list(range(5)), list(range(2, 6)), list(range(0, 10, 3)))
print(list(range(5, 0, -1)), list(range(0)), list(range(5, 2)), list(range(-3, 3, 2)))
print(len(range(0, 100, 7)), len(range(10, 0, -3)))
