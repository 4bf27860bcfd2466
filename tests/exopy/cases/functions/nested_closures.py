# Closures over several enclosing levels.
def outer(a):
    def middle(b):
        def inner(c):
            return a + b + c

        return inner

    return middle


print(outer(1)(10)(100), outer("x")("y")("z"))
