# __exit__ sees the exception; returning True suppresses it.
class Catch:
    def __init__(self, swallow):
        self.swallow = swallow

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        print("exit", exc_type.__name__ if exc_type else None, exc)
        return self.swallow


with Catch(True):
    raise ValueError("swallowed")
print("after swallowed")
try:
    with Catch(False):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
