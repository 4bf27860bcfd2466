# Mixed int/float arithmetic produces floats.
print(1 + 2.0, 3 * 0.5, 7 - 0.25, 2.0**10)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(divmod(7.5, 2), divmod(-7.5, 2))
print(2**0.5, 4**0.5, 10**-1)
print(0.1 * 3, 0.7 + 0.1)
