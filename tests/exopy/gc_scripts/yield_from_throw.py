# throw() and close() reach the generator a yield from delegates to, as in CPython.
def inner():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("inner caught", e)
        yield "recovered"
    finally:
        print("inner finally")
    return "inner done"


def outer():
    r = yield from inner()
    print("outer got", r)
    yield "outer end"


g = outer()
print(next(g))
print(g.throw(ValueError("boom")))
print(next(g))
print(next(g, "exhausted"))
g = outer()
next(g)
g.close()
print("closed")


def inner2():
    yield 1


def outer2():
    try:
        yield from inner2()
    except KeyError as e:
        print("outer2 caught", e)
        yield "o2"


g = outer2()
next(g)
print(g.throw(KeyError("k")))
