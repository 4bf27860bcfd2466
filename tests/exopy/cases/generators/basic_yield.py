# A generator function yields values lazily, one per next().
def count_to(n):
    i = 1
    while i <= n:
        yield i
        i += 1


g = count_to(3)
print(type(g).__name__, next(g), next(g), next(g))
try:
    next(g)
except StopIteration:
    print("StopIteration")
print(list(count_to(5)), sum(count_to(100)))
