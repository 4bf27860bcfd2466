# Built-ins and methods that accept keyword arguments.
print(int("ff", base=16), int("12", 10), round(3.14159, ndigits=2))
print(sorted([3, 1, 2], key=None, reverse=True), "a,b,c".split(sep=",", maxsplit=1))
print(
    "x\ny\n".splitlines(keepends=True), "é".encode(encoding="utf-8"), bytes("é", encoding="utf-8")
)
print(list(enumerate("ab", start=5)), max([], default=0), min([2, 1], key=lambda v: -v))
print(dict(a=1, b=2), "abc".rsplit(maxsplit=1), "x".center(5, "-"))
