# update from dicts, pairs and kwargs; the | and |= operators.
d = {"a": 1}
d.update({"b": 2})
d.update([("c", 3)], d=4)
d.update(a=0)
print(d)
e = d | {"e": 5, "a": 9}
print(e)
d |= {"f": 6}
print(d)
