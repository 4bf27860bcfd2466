# An import inside a function binds a local name.
def use():
    import _shapes

    return _shapes.area(6, 7)


print(use())
try:
    _shapes  # noqa: B018
except NameError:
    print("NameError: import was local")
