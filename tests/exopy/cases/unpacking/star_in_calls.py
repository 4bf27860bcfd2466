# * and ** unpack arguments in calls.
def f(a, b, c=0, *rest, **kw):
    return a, b, c, rest, sorted(kw.items())


args = [1, 2, 3, 4]
opts = {"x": 9, "y": 8}
print(f(*args))
print(f(*args, **opts))
print(f(1, *[2], *(3, 4), z=1, **opts))
print(f(**{"a": "A", "b": "B"}))
