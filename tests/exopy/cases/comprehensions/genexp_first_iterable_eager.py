# A generator expression evaluates its first iterable at once, everything else lazily.
try:
    g = (x for x in missing_name)  # noqa: F821
except NameError:
    print("NameError at creation")
g = (1 // x for x in range(-1, 2))
print("created lazily")
print(next(g))
try:
    next(g)
except ZeroDivisionError:
    print("ZeroDivisionError on the second item")
h = (y for y in [1, 2] if y / 0)
print("filter not run yet")
