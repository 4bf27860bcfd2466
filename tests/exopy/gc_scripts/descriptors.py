# User descriptors (__set_name__, __get__, __set__) and __init_subclass__, as CPython.
class Field:
    def __set_name__(self, owner, name):
        self.name = name
        print("set_name", owner.__name__, name)

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.name, "unset")

    def __set__(self, obj, value):
        obj.__dict__[self.name] = value * 2


class Base:
    registry = []

    def __init_subclass__(cls):
        Base.registry.append(cls.__name__)


class Model(Base):
    x = Field()
    y = Field()


class Other(Model):
    pass


m = Model()
print(m.x)
m.x = 21
print(m.x, Base.registry, Model.x.name)
