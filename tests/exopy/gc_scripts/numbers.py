# Big integers and floats allocated and dropped while the collector runs at every allocation.
a = 1
for i in range(1, 60):
    a *= i
print(a, a % 1000003, a // 10**70, len(str(a)))
b = 2**300 - 3**150
print(b, -b >> 7, b & (2**64 - 1), divmod(b, 12345678901234567))
f = 0.0
for i in range(1, 200):
    f += 1 / i
print(f, round(f, 3), int(f * 1e6), 1e300 * 10, -0.0)
print(sorted([3.5, -1, 2**70, 0.25, 7]), max(range(50), key=lambda x: (x * 37) % 50))
