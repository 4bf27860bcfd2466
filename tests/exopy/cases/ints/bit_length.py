# int.bit_length for small, big and negative values.
for n in (0, 1, 2, 255, 256, -1, -256, 2**100, 2**64 - 1):
    print(n, n.bit_length())
