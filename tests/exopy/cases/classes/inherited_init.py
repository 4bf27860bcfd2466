# A subclass without __init__ uses its parent's; class attributes are inherited.
class Base:
    kind = "base"

    def __init__(self, a, b=2):
        self.a, self.b = a, b


class Sub(Base):
    kind = "sub"

    def total(self):
        return self.a + self.b


s = Sub(5)
print(s.a, s.b, s.total(), s.kind, Base(1).kind, isinstance(s, Base))
try:
    Sub()
except TypeError:
    print("TypeError")
