# A 500! computed by a loop: digit count, digit sum and trailing zeros.
n = 1
for i in range(2, 501):
    n *= i
s = str(n)
print(len(s), sum(int(c) for c in s), len(s) - len(s.rstrip("0")))
print(s[:30])
print(n % (10**9 + 7), n.bit_length())
