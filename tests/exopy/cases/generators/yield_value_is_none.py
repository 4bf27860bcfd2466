# A yield expression evaluates to None when the generator is driven by next().
def g():
    received = []
    x = yield 1
    received.append(x)
    y = yield 2
    received.append(y)
    yield received


it = g()
print(next(it), next(it), next(it))
print(list(g()))
