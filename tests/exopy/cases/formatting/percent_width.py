# % formatting with width, precision, flags and * widths.
print("[%5d] [%-5d] [%05d] [%+d]" % (42, 42, 42, 42))
print("[%.2f] [%8.3f] [%-8.1f] [%e]" % (3.14159, 2.5, -1.25, 12345.678))
print("[%5s] [%-5s] [%.2s]" % ("ab", "ab", "abcdef"))
print("[%x] [%X] [%o] [%#x] [%#o]" % (255, 255, 8, 255, 8))
print("[%*d]" % (6, 7))
