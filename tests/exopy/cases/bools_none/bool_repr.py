# str/repr of bools and bool() of strings.
print(True, False, repr(True), str(False))
print(bool("False"), bool(0.0), bool(-0.0))
print(int(True) + int(False), [True] * 2)
print(isinstance(True, int), isinstance(1, bool))
