# and/or return one of their operands, not a bool.
print(0 or "default", "x" or "y", None or 0, [] or {})
print(1 and 2, 0 and 2, "a" and "", None and 1)
print(1 and 0 or 5, 0 or 0 and 3, not 0, not "s")
print((1 or 0) + 1)
