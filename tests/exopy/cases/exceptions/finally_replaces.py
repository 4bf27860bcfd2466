# An exception raised in finally replaces the one in flight.
def f():
    try:
        raise KeyError("original")
    finally:
        raise ValueError("from finally")


try:
    f()
except Exception as e:
    print(type(e).__name__, e, type(e.__context__).__name__)


def g():
    for _ in range(3):
        try:
            raise IndexError
        finally:
            break
    return "break in finally swallowed it"


print(g())
