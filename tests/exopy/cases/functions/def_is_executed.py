# def is an executable statement: definitions can be conditional and replaced.
def pick(flag):
    if flag:

        def f():
            return "first"

    else:

        def f():
            return "second"

    return f


print(pick(True)(), pick(False)())


def g():
    return 1


h = g


def g():
    return 2


print(g(), h(), h is not g)
