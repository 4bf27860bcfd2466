# continue inside with runs __exit__; a suppressing __exit__ lets the loop go on.
class Guard:
    def __init__(self, i):
        self.i = i

    def __enter__(self):
        return self.i

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.i, exc_type.__name__ if exc_type else "-")
        return exc_type is ValueError


for i in range(4):
    with Guard(i) as v:
        if v == 1:
            continue
        if v == 2:
            raise ValueError
        print("body", v)
print("loop done")
