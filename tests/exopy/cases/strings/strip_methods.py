# strip, lstrip, rstrip with and without characters.
s = "  \t hi there \n "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "abcHIcba".strip("abc"), "--a--".lstrip("-"), "--a--".rstrip("-"))
print(repr("".strip()), repr("   ".strip()))
