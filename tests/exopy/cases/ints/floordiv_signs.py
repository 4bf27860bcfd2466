# Floor division rounds toward negative infinity for every sign combination.
for a in (7, -7, 6, -6, 0):
    for b in (2, -2, 3, -3):
        print(a, b, a // b)
