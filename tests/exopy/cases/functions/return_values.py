# Bare return and falling off the end both return None.
def a():
    return


def b():
    pass


def c():
    return 1, 2


print(a(), b(), c(), type(c()).__name__)
