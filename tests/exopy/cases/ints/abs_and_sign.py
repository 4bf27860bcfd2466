# abs and comparisons with zero across int sizes.
for n in (0, 5, -5, 2**80, -(2**80)):
    print(abs(n), n > 0, n < 0, -n)
