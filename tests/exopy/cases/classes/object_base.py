# Classes derive from object implicitly or explicitly.
class Old:
    pass


class New(object):
    pass


print(issubclass(Old, object), issubclass(New, object), isinstance(Old(), object))
print(Old.__name__, New.__bases__[0].__name__)
