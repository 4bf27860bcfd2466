# Subclasses of str, tuple, float and int keep their values and carry attributes.
class Name(str):
    def shout(self):
        return self.upper() + "!"


n = Name("alice")
n.tag = 1
print(
    n, repr(n), n.shout(), len(n), n == "alice", n + "!", isinstance(n, str), n.tag, {n: 1}["alice"]
)


class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))

    @property
    def x(self):
        return self[0]

    def __repr__(self):
        return f"Point({self[0]}, {self[1]})"


p = Point(3, 4)
print(p, p.x, p[1], len(p), p == (3, 4), list(p), sum(p), type(p).__name__)


class Meters(float):
    def __str__(self):
        return f"{float(self)} m"


m = Meters(2.5)
print(m, m * 2, m + 1, isinstance(m, float))


class Id(int):
    def describe(self):
        return f"id#{int(self)}"


i = Id(7)
i.note = "x"
print(i, i + 1, i.describe(), i * 2, i.note, Id(10**30) + 1, Id("12") * 2)


class Upper(str):
    def __new__(cls, v):
        return super().__new__(cls, v.upper())


print(Upper("abc"), Upper("x") + "y", sorted([Upper("b"), Upper("a")]))
