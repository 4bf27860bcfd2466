# Dicts keep insertion order; re-assigning keeps position, del+reinsert moves to end.
d = {}
for k in ("zeta", "alpha", "mid", 5, 1):
    d[k] = len(d)
print(list(d))
d["alpha"] = 99
print(list(d.items()))
del d["zeta"]
d["zeta"] = 0
print(list(d))
