# Updating a dict or set from itself, and comparing it with copies.
d = {"a": 1, "b": 2}
d.update(d)
print(d)
e = dict(d, c=3)
e.update(d)
print(e, e == {**d, "c": 3})
s = {1, 2}
s |= s
s &= s
print(sorted(s), s == set(s))
