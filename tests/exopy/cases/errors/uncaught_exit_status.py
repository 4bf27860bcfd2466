# An uncaught exception ends the script with exit status 1 after earlier output.
print("before")


def fail():
    raise ValueError("not caught")


fail()
print("never printed")
