# Augmented assignment operators on ints.
x = 10
x += 5
print(x)
x -= 3
x *= 4
print(x)
x //= 5
x %= 7
print(x)
x **= 3
x <<= 2
x >>= 1
print(x)
x &= 0xF0
x |= 3
x ^= 0xFF
print(x)
