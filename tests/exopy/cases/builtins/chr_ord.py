# chr and ord invert each other; out-of-range values raise.
print(all(ord(chr(i)) == i for i in range(0, 1000, 7)))
print(chr(0x41), ord("\x00"), chr(0x10FFFF) == "\U0010ffff")
for bad in (-1, 0x110000):
    try:
        chr(bad)
    except ValueError:
        print("ValueError", bad)
