# repr of bytes escapes every non-printable and non-ASCII byte.
data = bytes(range(256))
r = repr(data)
print(len(r))
for i in range(0, 256, 32):
    print(repr(data[i : i + 32]))
print(repr(b"'\"\\"), repr(b"'"), repr(b'"'))
