# Equal numbers are one key at any size; unequal ones with colliding hashes stay apart.
d = {2**64: "int"}
d[float(2**64)] = "float"
d[10**30] = "big int"
d[float(10**30)] = "inexact float"
print(d, len(d))
print({-1: "a", -2: "b"}, len({2**61 - 1, 0, 2**62, -(2**61)}))
print(len({2**64, float(2**64), 2**64 + 0.0}), {0.5: "half"}[1 / 2], {1e100: 1}[10.0**100])
