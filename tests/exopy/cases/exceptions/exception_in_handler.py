# An exception raised inside an except block replaces the original.
try:
    try:
        raise ValueError("first")
    except ValueError:
        raise RuntimeError("second")
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__context__).__name__)
except ValueError:
    print("not reached")
