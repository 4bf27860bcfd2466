# An exception raised by a handler escapes with status 1.
try:
    int("bad")
except ValueError:
    print("handling")
    raise RuntimeError("handler failed")
