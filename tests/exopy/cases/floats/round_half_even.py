# round() to an int uses round-half-to-even.
for x in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4999, 2.5001):
    print(x, round(x), type(round(x)).__name__)
