# type() returns the class; compare by identity or name.
for v in (1, 1.0, "s", b"b", [], (), {}, set(), None, True, range(1), len):
    print(type(v).__name__, type(v) is type(v))
print(type(3) is int, type(True) is bool, type(True) is int)
