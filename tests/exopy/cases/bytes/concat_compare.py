# Concatenation, repetition, comparison and membership of bytes.
a = b"ab"
print(a + b"cd", a * 3, a == b"ab", a < b"ac", b"b" > a)
print(b"b" in a, 97 in a, 120 in a, b"" in a)
print(sorted([b"b", b"a", b"ab"]))
try:
    a + "str"
except TypeError:
    print("TypeError")
