# repr of strings keeps printable characters and escapes the rest.
s = "".join(chr(i) for i in range(256))
for i in range(0, 256, 32):
    print(repr(s[i : i + 32]))
print(repr("\u2028\u200b\ufeff€😀\U000e0001"))
