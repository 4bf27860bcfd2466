# Big-int division where quotient digit estimates need correcting (Knuth D edge cases).
pairs = [
    (2**128 - 1, 2**64 + 1),
    (2**128, 2**64 - 1),
    (2**192 - 2**130, 2**128 - 1),
    (2**256 - 1, 2**128 - 2**64),
    (3 * 2**200 + 1, 2**100 + 3),
    (10**50, 10**25 - 1),
    (2**96 + 2**64, 2**64 + 2**32),
    (2**64, 2**64),
    (2**64 - 1, 2**64),
]
for a, b in pairs:
    q, r = divmod(a, b)
    print(q, r, q * b + r == a and 0 <= r < b)
    print(divmod(-a, b) == (-(a // b) - (a % b != 0), (-a) % b), (-a) // -b == a // b)
