# hex() of bytes and bytes.fromhex with spaces.
print(b"\x00\x01\xfe\xff".hex(), bytearray(b"\x10\x20").hex())
print(bytes.fromhex("de ad be ef"), bytes.fromhex(""))
try:
    bytes.fromhex("zz")
except ValueError:
    print("ValueError")
