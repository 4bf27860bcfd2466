# int() rejects malformed strings and bad bases with ValueError or TypeError.
for args in (("12", 1), ("12", 37), ("0x", 16), ("9", 8), ("1 2",), ("--1",)):
    try:
        print(int(*args))
    except ValueError:
        print("ValueError", args)
for bad in (None, [1], "3", 2.5):
    try:
        print(int(bad) if not isinstance(bad, str) else int(bad, 10))
    except TypeError:
        print("TypeError", type(bad).__name__)
