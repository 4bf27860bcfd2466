# Slice assignment that grows and shrinks a bytearray.
ba = bytearray(b"0123456789")
ba[2:4] = b"abcdef"
print(ba)
ba[::2] = bytes(len(ba[::2]))
print(ba)
ba[:] = b""
print(ba, len(ba))
