# Function decorators wrap and replace the function.
def trace(fn):
    def wrapper(*args, **kw):
        result = fn(*args, **kw)
        print("call", fn.__name__, args, kw, "->", result)
        return result

    return wrapper


@trace
def add(a, b=0):
    return a + b


add(1, 2)
add(5, b=1)


def repeat(n):
    def deco(fn):
        return lambda: [fn() for _ in range(n)]

    return deco


@repeat(3)
def hi():
    return "hi"


print(hi())
