# Several context managers in one with statement enter in order, exit in reverse.
class Tag:
    def __init__(self, n):
        self.n = n

    def __enter__(self):
        print("open", self.n)
        return self.n

    def __exit__(self, *exc):
        print("close", self.n)


with Tag(1) as a, Tag(2) as b:
    print("inside", a, b)
with Tag(3):
    with Tag(4):
        print("nested")
