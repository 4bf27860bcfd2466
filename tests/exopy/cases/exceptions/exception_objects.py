# Exception objects: inherited __str__, re-raising one instance, repr, args of several kinds.
class Base(Exception):
    def __str__(self):
        return "Base:" + ",".join(map(str, self.args))


class Sub(Base):
    pass


try:
    raise Sub(1, "two")
except Base as e:
    print(e, repr(str(e)), e.args, type(e).__name__)
err = ValueError("once")
for _ in range(2):
    try:
        raise err
    except ValueError as caught:
        print(caught is err, caught.args)
print(str(KeyError("a", "b")), str(KeyError()), repr(str(IndexError("x"))))
print(repr(ValueError("x")), repr(KeyError(1)), repr(Exception()), repr(StopIteration(5)))
try:
    raise TypeError
except (ValueError, TypeError) as caught:
    print(type(caught).__name__, caught.args, str(caught) == "")
