# Decimal conversion of ints with hundreds of digits.
n = 2**1000
s = str(n)
print(len(s), s[:20], s[-20:])
m = 7**500
print(len(str(m)), str(m)[:15], int(str(m)) == m)
print(str(-(10**100) - 1)[:5], len(str(10**300)))
