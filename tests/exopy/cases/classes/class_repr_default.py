# type() of instances and classes, printed by name.
class Thing:
    pass


t = Thing()
print(type(t).__name__, Thing.__name__, type(t) is Thing, type(Thing).__name__)
print(type(1), type("s"), type([]), type(None).__name__)
