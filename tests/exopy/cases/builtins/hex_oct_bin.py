# hex, oct and bin return prefixed strings; int() parses them back.
for n in (0, 7, -7, 1000, 2**40):
    h, o, b = hex(n), oct(n), bin(n)
    print(h, o, b, int(h, 16) == n, int(o, 8) == n, int(b, 2) == n)
try:
    hex(1.5)
except TypeError:
    print("TypeError")
