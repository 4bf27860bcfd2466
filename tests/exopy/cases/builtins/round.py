# round with and without ndigits on ints and floats.
print(round(2.5), round(3.5), round(-2.5), round(0.49999), round(7), round(-7))
print(round(3.14159, 3), round(10.0), round(15, -1), round(25, -1), round(-15, -1))
print(type(round(2.5)).__name__, type(round(2.5, 1)).__name__, type(round(5, 1)).__name__)
