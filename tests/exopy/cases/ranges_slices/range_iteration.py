# Iterating ranges, reversed ranges and ranges in arithmetic.
total = 0
for i in range(1, 101):
    total += i
print(total, sum(range(101)), sum(range(1, 101, 2)))
print(list(reversed(range(1, 8, 3))))
print([i * i for i in range(-3, 4)])
