# __exit__ receives the exception type, value and a traceback object.
class Inspect:
    def __enter__(self):
        return self

    def __exit__(self, t, v, tb):
        print(t is ZeroDivisionError, isinstance(v, ZeroDivisionError), tb is not None)
        return True


with Inspect():
    1 / 0
with Inspect() as i:
    print(type(i).__name__)
