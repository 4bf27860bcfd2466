# str() of bytes and formatting bytes inside strings.
b = b"x\x01"
print(str(b), f"{b}", "%s" % b, "%r" % b)
print([b, bytearray(b)])
