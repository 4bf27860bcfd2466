# Arithmetic at the edges of 64-bit and 32-bit machine words never overflows.
m = -(2**63)
print(m // -1, m % -1, divmod(m, -1), abs(m), -m, m * -1, m - 1, (2**63 - 1) + 1)
print(m >> 63, m >> 64, 1 << 63, 1 << 64, 2**32 * 2**32, 2**62 * 4, m * m)
n = -(2**31)
print(n // -1, -n, n * n, n - 1, abs(n), (2**31 - 1) * 2)
print(str(m), hex(m), bin(m)[:8], oct(2**64 - 1), int(str(m)) == m)
print(5 >> 64, 5 >> 1000, -5 >> 1000, (2**64 - 1) & m, (2**64 - 1) ^ m)
