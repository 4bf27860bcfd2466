# Generator expressions that refer to outer variables see later rebindings.
n = 1
g = (x * n for x in range(3))
n = 10
print(list(g))
limit = 2
h = (x for x in range(5) if x > limit)
limit = 3
print(list(h))
