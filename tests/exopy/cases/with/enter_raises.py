# If __enter__ raises, neither the body nor __exit__ runs.
class Failing:
    def __enter__(self):
        print("enter fails")
        raise OSError("cannot open")

    def __exit__(self, *exc):
        print("exit must not run")


try:
    with Failing():
        print("body must not run")
except OSError as e:
    print("OSError", e)
