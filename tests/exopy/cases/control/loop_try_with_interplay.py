# continue and return crossing a with-block and a try/finally inside a loop.
class C:
    def __init__(self, n):
        self.n = n

    def __enter__(self):
        return self.n

    def __exit__(self, *e):
        print("exit", self.n, e[0] and e[0].__name__)


def f1():
    for i in range(3):
        with C(i):
            try:
                if i == 1:
                    continue
                if i == 2:
                    return "ret"
            finally:
                print("fin", i)


print(f1())
