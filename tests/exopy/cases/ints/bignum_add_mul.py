# Arbitrary-precision addition and multiplication.
a = 2**64
b = 10**30
print(a + 1, a - 1, a * a)
print(b * b + a)
print(-a * b)
print(a * 0, a - a)
x = 1
for i in range(1, 31):
    x *= i
print(x)
