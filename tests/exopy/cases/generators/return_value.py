# return in a generator ends it; the value rides on StopIteration.
def g():
    yield 1
    return "done"


it = g()
print(next(it))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.value, e.args)
