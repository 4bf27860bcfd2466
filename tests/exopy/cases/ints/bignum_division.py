# Division, floor and modulo with big operands.
a = 10**40 + 12345
b = 3**50
print(a // b, a % b)
print(-a // b, -a % b)
print(a // -b, a % -b)
print(a // 7, a % 7)
print((2**200) // (2**100 + 1))
