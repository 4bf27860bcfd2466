# Nested try blocks: inner handlers first, unhandled ones propagate outward.
def f(kind):
    try:
        try:
            if kind == 1:
                raise ValueError("v")
            if kind == 2:
                raise TypeError("t")
        except ValueError:
            print("inner ValueError")
        finally:
            print("inner finally")
    except TypeError:
        print("outer TypeError")


f(0)
f(1)
f(2)
