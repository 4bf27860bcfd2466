# int(), float() and bool() constructors with no and one argument.
print(int(), float(), bool(), str())
print(int("  42 "), int(3.99), int(-3.99), int("-0"), int(True))
print(float("1.5"), float(2), float(" -3 "), bool([]), bool([0]), bool("0"))
print(int(float("1e3")), float(int("7")))
