# next() on an exhausted iterator raises StopIteration; a default avoids it.
it = iter([1])
print(next(it), next(it, "default"))
try:
    next(it)
except StopIteration as e:
    print("StopIteration", e.args)
print(next(iter([]), None))
