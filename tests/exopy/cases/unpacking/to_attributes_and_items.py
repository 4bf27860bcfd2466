# Unpacking into attributes, list items, dict entries and slices.
class Obj:
    pass


o = Obj()
lst = [0, 0, 0]
d = {}
o.a, lst[0], d["k"] = 1, 2, 3
print(o.a, lst, d)
lst[1:], o.b = [7, 8, 9], "b"
print(lst, o.b)
(d["x"], d["y"]), *o.rest = (1, 2), 3, 4
print(d, o.rest)
