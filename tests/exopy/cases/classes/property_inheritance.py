# Properties are inherited and can be overridden in a subclass.
class Shape:
    def __init__(self, size):
        self.size = size

    @property
    def area(self):
        return self.size * self.size

    @property
    def label(self):
        return f"{type(self).__name__}({self.area})"


class Circle(Shape):
    @property
    def area(self):
        return round(3.14159 * self.size * self.size, 2)


print(Shape(3).area, Shape(3).label, Circle(2).area, Circle(2).label)
