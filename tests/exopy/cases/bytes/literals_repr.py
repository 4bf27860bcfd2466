# bytes literals and their repr with escapes.
print(b"abc", b"", b"\x00\xff", b"tab\t", b"'", b'"', b"\\")
print(repr(b"\n\r"), b"\x41\x42")
print(len(b"\x00\x01\x02"), bytes(3), bytes([65, 66, 67]))
