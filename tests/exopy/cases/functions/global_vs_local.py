# Assignment in a function makes the name local for the whole body.
x = "global"


def read():
    return x


def shadow():
    x = "local"
    return x


def broken():
    try:
        print(x)
    except UnboundLocalError as e:
        print(type(e).__name__, isinstance(e, NameError))
    x = 1


print(read(), shadow(), x)
broken()
