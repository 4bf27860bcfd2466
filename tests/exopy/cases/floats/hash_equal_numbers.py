# Equal numbers are the same dict key whatever their type.
d = {}
d[1] = "int"
d[1.0] = "float"
d[True] = "bool"
print(d)
d2 = {2.5: "a", 0: "zero"}
print(d2[2.5], d2[0.0], d2[False])
print(hash(3) == hash(3.0), hash(0) == hash(-0.0))
