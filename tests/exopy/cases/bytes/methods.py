# Common bytes methods.
b = b"  Hello, World  "
print(b.strip(), b.lower(), b.upper(), b.split(b","), b.strip().split())
print(b.find(b"World"), b.count(b"l"), b.replace(b"l", b"L"))
print(b.startswith(b"  H"), b.endswith(b"d"), b",".join([b"a", b"b"]))
print(b"abc".hex(), bytes.fromhex("414243"))
