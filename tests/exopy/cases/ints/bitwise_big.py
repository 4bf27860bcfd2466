# Bit operations on big ints, including negatives (two's complement semantics).
a = (1 << 100) - 1
b = 1 << 64
print(a & b, a | b, a ^ b)
print(-a & 0xFFFF, -b | 1, ~a)
print((-(1 << 70)) & ((1 << 72) - 1))
print(a ^ -1)
