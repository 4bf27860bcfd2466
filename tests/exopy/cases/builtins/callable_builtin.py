# callable() on every kind of object.
class C:
    pass


for v in (print, len, C, C(), lambda: 0, "s", 1, None, [].append, int, str.upper):
    print(callable(v))
