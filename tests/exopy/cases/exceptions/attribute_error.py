# Missing attributes and methods raise AttributeError.
class A:
    x = 1


for obj, name in ((A(), "y"), (5, "nope"), ("s", "missing"), (None, "x"), ([], "push")):
    try:
        getattr(obj, name)
    except AttributeError:
        print("AttributeError", type(obj).__name__, name)
print(getattr(A(), "x"))
