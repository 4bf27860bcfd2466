# hash agrees with equality and rejects mutable values.
print(
    hash(1) == hash(1.0) == hash(True), hash("ab") == hash("a" + "b"), hash((1, 2)) == hash((1, 2))
)
print(hash(-1) == hash(-1.0), type(hash("x")).__name__, hash(0) == 0)
for bad in ([], {}, set(), bytearray()):
    try:
        hash(bad)
    except TypeError:
        print("TypeError", type(bad).__name__)
