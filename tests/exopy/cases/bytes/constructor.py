# bytes() from ints, lists, ranges, strings and sizes.
print(bytes([1, 2, 3]), bytes(range(65, 70)), bytes("é", "utf-8"), bytes(b"copy"))
try:
    bytes([256])
except ValueError:
    print("ValueError")
try:
    bytes("no encoding")
except TypeError:
    print("TypeError")
