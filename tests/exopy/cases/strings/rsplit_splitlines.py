# rsplit from the right and splitlines on line endings.
print("a,b,c,d".rsplit(",", 2), "a b  c".rsplit())
print("one\ntwo\r\nthree\rfour".splitlines())
print("x\n\ny\n".splitlines(), "".splitlines())
print("a\nb\n".splitlines(True))
