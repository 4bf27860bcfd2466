# del on names, items, slices and attributes.
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError", e)
a = [1, 2, 3, 4]
d = {"k": 1, "j": 2}
del a[0], d["k"]
print(a, d)


class Obj:
    pass


o = Obj()
o.attr = 1
del o.attr
print(hasattr(o, "attr"))
