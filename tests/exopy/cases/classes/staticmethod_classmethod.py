# @staticmethod and @classmethod, called on the class and on instances.
class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    @staticmethod
    def describe(n):
        return f"{n} sides"

    @classmethod
    def make(cls, name):
        return cls(name)

    @classmethod
    def side_count(cls):
        return cls.sides


class Square(Shape):
    sides = 4


s = Square.make("sq")
print(type(s).__name__, s.name, Square.side_count(), Shape.side_count(), s.side_count())
print(Shape.describe(3), s.describe(4))
