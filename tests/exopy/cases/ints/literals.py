# Integer literals in every base and with underscores.
print(0x10, 0o10, 0b10, 10)
print(0xFF, 0o7, 0b1)
print(1_000, 0x_FF, 0b_1010_1010)
print(123456789012345678901234567890)
