# len of every sized built-in type and of classes with __len__.
for x in ("abc", b"ab", bytearray(3), [1], (1, 2), {"k": 1}, {1, 2, 3}, frozenset(), range(10)):
    print(type(x).__name__, len(x))
try:
    len(42)
except TypeError:
    print("TypeError")
