# super() reaches the parent's __init__ and methods.
class Base:
    def __init__(self, x):
        self.x = x

    def show(self):
        return f"Base({self.x})"


class Child(Base):
    def __init__(self, x, y):
        super().__init__(x)
        self.y = y

    def show(self):
        return "Child+" + super().show() + f"[{self.y}]"


class GrandChild(Child):
    def show(self):
        return "Grand+" + super().show()


print(Child(1, 2).show())
print(GrandChild(3, 4).show(), GrandChild(5, 6).x)
