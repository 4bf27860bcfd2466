# repr escapes non-printable code points (separators, format characters, surrogates).
for cp in (
    0x20,
    0xA0,
    0x3000,
    0x200B,
    0x2028,
    0xE9,
    0x65E5,
    0x1F600,
    0xD800,
    0xFFFF,
    0x10FFFF,
    0x7F,
):
    print(hex(cp), repr(chr(cp)))
print(repr("tab\tnl\nuni\u00e9\u0301"))
