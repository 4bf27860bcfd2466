# A name used before its global declaration in the same function is a SyntaxError.
print("must not be printed")


def f():
    x = 1
    global x
