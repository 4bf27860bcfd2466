# isinstance and issubclass with hierarchies and tuples of classes.
class A:
    pass


class B(A):
    pass


class C(B):
    pass


c = C()
print(isinstance(c, A), isinstance(c, (int, B)), isinstance(A(), B))
print(issubclass(C, A), issubclass(A, C), issubclass(B, B), issubclass(C, object))
print(isinstance(1, object), isinstance("s", (int, str)), issubclass(bool, int))
