# A generator suspended inside a with block exits the block when resumed to the end.
class Tag:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit")


def gen():
    with Tag():
        yield 1
        yield 2
    yield "after with"


for v in gen():
    print("got", v)
