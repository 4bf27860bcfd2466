# Operations crossing the small/big int boundary in both directions.
edges = [2**31 - 1, 2**31, 2**32, 2**62, 2**63 - 1, 2**63, 2**64, -(2**63), -(2**63) - 1]
for e in edges:
    print(e + 1, e - 1, e * 2, e // 3, e % 1000, -e, e >> 1, e & 0xFF)
print((2**64 + 5) - 2**64, (2**70 // 2**60), (2**65) % 7)
