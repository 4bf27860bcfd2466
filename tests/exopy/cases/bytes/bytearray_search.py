# Searching a bytearray: find, rfind, index, rindex, count, in and startswith.
b = bytearray(b"abcabcab")
print(b.find(b"ca"), b.rfind(b"ca"), b.find(b"x"), b.rfind(b"ab", 0, 5), b.find(99))
print(b.index(b"bc"), b.rindex(b"bc"), b.count(b"ab"), b.count(97), b"cab" in b, 98 in b)
print(b.startswith(b"abc"), b.endswith(b"ab"), b.startswith((b"x", b"ab")))
try:
    b.index(b"zz")
except ValueError:
    print("ValueError")
