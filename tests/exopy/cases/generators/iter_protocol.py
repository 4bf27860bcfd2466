# Generators are their own iterators.
def g():
    yield from [1, 2, 3]


it = g()
print(iter(it) is it, next(it), list(it))
print(list(zip(g(), "abc")), list(enumerate(g(), 1)))
print(sorted(g(), reverse=True), max(g()), 2 in g())
