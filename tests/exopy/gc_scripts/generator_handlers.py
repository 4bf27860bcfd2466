# A generator suspended inside except/finally keeps its handled exception apart from the caller's.
def gen():
    try:
        raise ValueError("in gen")
    except ValueError:
        yield 1
        raise


g = gen()
print(next(g))
try:
    raise TypeError("outside")
except TypeError as e:
    print("context", repr(e.__context__))
try:
    next(g)
except ValueError as e:
    print("ok", e, repr(e.__context__))


def gen2():
    for i in range(3):
        try:
            yield i
        finally:
            print("fin", i)


for v in gen2():
    try:
        raise KeyError(v)
    except KeyError as k:
        print("k", k, k.__context__)
