# keys, values and items views, including liveness.
d = {"x": 1, "y": 2}
k = d.keys()
v = d.values()
it = d.items()
d["z"] = 3
print(list(k), list(v), list(it), len(k))
print("x" in k, 2 in v, ("y", 2) in it, ("y", 3) in it)
