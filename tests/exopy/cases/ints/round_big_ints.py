# round() of ints with negative ndigits rounds half to even exactly, at any size.
print(round(15, -1), round(25, -1), round(-25, -1), round(250, -2), round(350, -2))
big = 5 * 10**30
print(round(big, -31), round(big + 10**30, -31), round(big + 1, -31), round(-big, -31))
print(round(123456789123456789123, -10), round(10**40 + 4, -1), round(2**70, 5) == 2**70)
