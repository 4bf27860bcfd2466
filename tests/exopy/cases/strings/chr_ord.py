# chr and ord over ASCII and beyond.
print(ord("A"), ord("z"), ord("0"), ord("\n"), ord("é"), ord("€"), ord("😀"))
print(chr(65), chr(97), chr(233), chr(8364), chr(128512))
print([chr(ord("a") + i) for i in range(5)])
try:
    ord("ab")
except TypeError:
    print("TypeError")
