# Format codes that do not fit the value's type raise ValueError.
for value, spec in ((1, "s"), ("x", "d"), (1.5, "d"), ([1], "d"), (1, "z")):
    try:
        print(format(value, spec))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, type(value).__name__, spec)
print(format(1, "f"), format(True, "d"), format(3, "e"))
