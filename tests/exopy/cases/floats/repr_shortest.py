# Float repr is the shortest string that round-trips.
for x in (0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1.1 * 3, 100.0, 1.5, 0.3):
    print(repr(x), str(x))
