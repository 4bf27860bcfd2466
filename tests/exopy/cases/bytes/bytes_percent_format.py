# printf-style formatting of bytes: %s takes bytes as they are, widths pad with spaces.
print(b"%s %d %x" % (b"x", 5, 255), b"%5s|%-5s|" % (b"ab", b"cd"), b"%c%c" % (65, b"B"))
print(b"%s" % bytearray(b"ba"), b"%b" % b"raw", b"%a" % "q")
print(b"%03d|%.2f|%%" % (7, 2.5), bytearray(b"<%s>") % b"mid")
try:
    b"%s" % "text"
except TypeError:
    print("TypeError")
