# Iterating bytes yields ints; simple checksum.
data = b"The quick brown fox"
print(sum(data), sum(data) % 256, max(data), min(data))
print([x for x in data if x < 100])
print(bytes(x ^ 0x20 for x in b"abc"))
