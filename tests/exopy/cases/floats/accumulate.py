# Repeated addition accumulates binary rounding error exactly as IEEE doubles do.
total = 0.0
for _ in range(10):
    total += 0.1
print(total, total == 1.0)
print(sum([0.1] * 10))
x = 1.0
for _ in range(20):
    x /= 3
print(x)
