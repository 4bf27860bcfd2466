# id is stable for an object and distinct for live objects (never print the value).
a = [1]
b = [1]
c = a
print(id(a) == id(c), id(a) == id(b), id(a) == id(a))
print(type(id(a)).__name__)
