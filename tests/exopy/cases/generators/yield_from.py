# yield from delegates to another iterable and returns its return value.
def inner():
    yield "a"
    yield "b"
    return "inner result"


def outer():
    result = yield from inner()
    yield result
    yield from range(2)
    yield from "xy"


print(list(outer()))
