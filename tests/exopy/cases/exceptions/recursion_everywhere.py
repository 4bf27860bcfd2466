# Unbounded recursion through dunder methods and generators raises RecursionError.
class R:
    def __repr__(self):
        return repr(self)


class E:
    def __eq__(self, other):
        return self == other


class L:
    def __len__(self):
        return len(self)


def gen():
    yield from gen()


tests = [
    lambda: repr(R()),
    lambda: E() == E(),
    lambda: len(L()),
    lambda: list(gen()),
]
for t in tests:
    try:
        t()
        print("no error")
    except RecursionError:
        print("RecursionError")
print("still alive", len(repr([[[]]])))
