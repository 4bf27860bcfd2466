# NotImplementedError as an abstract-method marker.
class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement")


class Sq(Shape):
    def area(self):
        return 4


for s in (Sq(), Shape()):
    try:
        print(s.area())
    except NotImplementedError as e:
        print("NotImplementedError", e)
