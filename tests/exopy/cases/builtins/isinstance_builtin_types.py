# isinstance with built-in types, including bool being an int.
values = [1, True, 1.5, "s", b"b", [1], (1,), {1: 1}, {1}, None]
for v in values:
    print(type(v).__name__, isinstance(v, int), isinstance(v, (list, tuple)), isinstance(v, object))
