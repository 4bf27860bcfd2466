# super() inside a classmethod reaches the parent's classmethod with the subclass as cls.
class Base:
    registry = []

    @classmethod
    def create(cls, name):
        obj = cls()
        obj.name = name
        Base.registry.append(cls.__name__)
        return obj


class Child(Base):
    @classmethod
    def create(cls, name):
        obj = super().create(name.upper())
        obj.extra = True
        return obj


c = Child.create("kid")
b = Base.create("base")
print(type(c).__name__, c.name, c.extra, type(b).__name__, b.name, Base.registry)
