# int() with an explicit base and with base 0 prefixes.
print(int("ff", 16), int("FF", 16), int("777", 8), int("101", 2))
print(int("z", 36), int("-10", 7))
print(int("0x1f", 16), int("0b11", 2), int("0o17", 8))
print(int("0x1f", 0), int("0b11", 0), int("0o17", 0), int("99", 0))
try:
    int("12", 2)
except ValueError:
    print("ValueError")
