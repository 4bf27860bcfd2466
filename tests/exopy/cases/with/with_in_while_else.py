# continue and break through a with block inside while/else.
class Closer:
    def __init__(self, n):
        self.n = n

    def __enter__(self):
        return self.n

    def __exit__(self, *e):
        print("close", self.n)


def run(stop):
    i = 0
    while i < 5:
        i += 1
        with Closer(i) as n:
            if n == 2:
                continue
            if n == stop:
                break
    else:
        return "else"
    return i


print(run(4), run(9))
