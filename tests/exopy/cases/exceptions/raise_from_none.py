# raise ... from None hides the context and leaves no cause.
def convert(s):
    try:
        return int(s)
    except ValueError:
        raise LookupError("not a number: " + s) from None


try:
    convert("x")
except LookupError as e:
    print(e, e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
