# bytes are immutable; bytearray is the mutable twin.
b = b"abc"
try:
    b[0] = 1
except TypeError:
    print("TypeError")
ba = bytearray(b)
ba[0] = 122
print(ba, bytes(ba), b)
