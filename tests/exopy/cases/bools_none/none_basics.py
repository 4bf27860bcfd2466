# None: repr, identity, truthiness and as a default return value.
x = None
print(x, repr(x), x is None, x is not None, x == None)  # noqa: E711


def f():
    pass


print(f(), f() is None, bool(None), type(None).__name__)
print([None, None].count(None))
