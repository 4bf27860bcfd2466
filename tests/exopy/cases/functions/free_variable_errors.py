# A free variable used before the enclosing function binds it raises NameError.
def outer():
    def inner():
        return x

    try:
        inner()
    except NameError as e:
        print(type(e).__name__, isinstance(e, NameError))
    x = 1
    return inner()


print(outer())


def deleted():
    value = 1
    del value
    try:
        return value  # noqa: F821
    except UnboundLocalError:
        return "UnboundLocalError"


print(deleted())


class K:
    global gk
    gk = "set from a class body"


print(gk)
