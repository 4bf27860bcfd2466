# Pseudo-random big operands: division, multiplication and shifts agree with each other.
seed = 2024
ok = True
checksum = 0
for i in range(200):
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    a = seed ** (1 + i % 5) + i
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2**64
    b = (seed >> (i % 50)) ** (1 + i % 3) + 1
    q, r = divmod(a, b)
    ok = ok and q * b + r == a and 0 <= r < b and (a * b) // b == a
    ok = ok and (a << 37) >> 37 == a and (a ^ b) ^ b == a and (a | b) - (a & b) == a ^ b
    checksum = (checksum * 31 + q + r + (a * b) % 1000000007) % 2**61
print(ok, checksum)
