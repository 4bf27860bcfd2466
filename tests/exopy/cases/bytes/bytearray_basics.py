# bytearray construction, equality with bytes and repr.
print(bytearray(), bytearray(3), bytearray([1, 2]), bytearray(b"x"))
print(bytearray(b"ab") == b"ab", bytearray(b"ab") + b"cd")
print(type(bytearray(b"ab") + b"cd").__name__)
print(list(bytearray(b"AZ")), bytearray(b"abc")[1])
