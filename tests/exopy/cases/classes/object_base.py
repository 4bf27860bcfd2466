# Classes derive from object implicitly or explicitly.
class Old:
    pass


class New(object):
    pass


print(issubclass(Old, object), issubclass(New, object), isinstance(Old(), object))
print(Old.__name__, New.__name__, type(New()).__name__)
