# An exception in a with block runs __exit__ and then exits with status 1.
class Ctx:
    def __enter__(self):
        print("enter")

    def __exit__(self, *exc):
        print("exit", exc[0].__name__)


with Ctx():
    [].pop()
