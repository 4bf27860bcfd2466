# center, ljust, rjust and zfill.
print(repr("ab".center(6)), repr("ab".center(7, "*")), repr("abc".ljust(5, ".")))
print(repr("abc".rjust(5)), repr("toolong".center(3)))
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(2))
