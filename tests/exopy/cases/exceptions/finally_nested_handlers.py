# Exceptions raised and handled inside finally blocks, and yield inside finally.
def f3():
    try:
        try:
            return "inner"
        finally:
            raise KeyError("k")
    except KeyError:
        return "handled"


def f4():
    try:
        return 1
    finally:
        try:
            raise ValueError
        except ValueError:
            pass


def g():
    for i in range(3):
        try:
            yield i
        finally:
            yield f"fin{i}"


print(f3(), f4(), list(g()))
