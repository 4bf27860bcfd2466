# An exception inside a generator reaches the consumer; the generator is then finished.
def g():
    yield 1
    raise ValueError("bad value")
    yield 2


it = g()
print(next(it))
try:
    next(it)
except ValueError as e:
    print("ValueError", e)
print(list(it))
