# Matrix multiplication with lists, checked on an identity and a power.
def matmul(a, b):
    return [
        [sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


m = [[1, 1], [1, 0]]
p = identity(2)
for _ in range(50):
    p = matmul(p, m)
print(p)
a = [[1, 2, 3], [4, 5, 6]]
print(matmul(a, identity(3)) == a, matmul(a, [[1], [0], [-1]]))
