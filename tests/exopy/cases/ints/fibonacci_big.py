# Fibonacci numbers past 64 bits.
a, b = 0, 1
for _ in range(150):
    a, b = b, a + b
print(a)
print(b - a)
print(a.bit_length())
