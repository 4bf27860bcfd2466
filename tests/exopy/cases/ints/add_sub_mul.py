# Small-int arithmetic: +, -, * and unary minus/plus.
a = 17
b = -5
print(a + b, a - b, a * b)
print(-a, +b, -(-a))
print(0 * a, a * 1, b * b)
print(1 + 2 * 3 - 4)
print((1 + 2) * (3 - 4))
