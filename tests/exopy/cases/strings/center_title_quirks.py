# center's odd-padding placement and title() after apostrophes and digits.
for w in (3, 4, 5, 6):
    print(repr("a".center(w)), repr("ab".center(w)), repr("abc".center(w, "*")))
print("they're bill's 2nd try".title(), "HELLO wORLD".title(), "ab1cd".title())
