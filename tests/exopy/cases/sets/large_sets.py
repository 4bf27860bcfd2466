# Set operations on sets of thousands of ints and strings.
a = set(range(0, 10000, 3))
b = set(range(0, 10000, 5))
print(len(a), len(b), len(a & b), len(a | b), len(a - b), len(a ^ b))
print(sum(a & b), min(a ^ b), max(a - b))
s = {str(i) for i in range(3000)}
s -= {str(i) for i in range(0, 3000, 7)}
print(len(s), "7" in s, "8" in s, sorted(s)[:4])
