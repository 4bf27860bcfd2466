# Default values are evaluated once, at definition time.
def f(a, b=2, c="c"):
    return (a, b, c)


print(f(1), f(1, 3), f(1, c="z"), f(a=0, b=0, c=0))


def append_to(x, acc=[]):
    acc.append(x)
    return acc


print(append_to(1), append_to(2))
n = 5


def g(x=n):
    return x


n = 6
print(g())
