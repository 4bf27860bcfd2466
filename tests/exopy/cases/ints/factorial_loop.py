# A loop building a large factorial and its digit sum.
n = 1
for i in range(2, 61):
    n *= i
print(n)
print(len(str(n)), sum(int(c) for c in str(n)))
print(n % 1000003)
