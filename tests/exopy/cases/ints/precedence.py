# Operator precedence and associativity.
print(-(2**2), (-2) ** 2, 2**-1, 2**3**2, -3 // 2, -(3 // 2))
print(1 + 2 * 3**2, (1 + 2) * 3, 10 - 4 - 3, 2 * 3 % 4, 100 // 10 // 3)
print(1 | 2 ^ 3 & 4, (1 | 2) ^ 3, 1 << 2 + 1, 6 & 3 == 2, (6 & 3) == 2)
print(not 1 == 2, not (1 and 0), 1 or 2 and 0, ~1 + 1, -~5)
print(3 > 2 and 2 > 1 or 0, 5 if 0 else 6 if 1 else 7)
