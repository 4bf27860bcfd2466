# A dict grown to thousands of keys, thinned out and grown again keeps order and content.
d = {}
for i in range(5000):
    d[f"k{i}"] = i
for i in range(0, 5000, 2):
    del d[f"k{i}"]
for i in range(5000, 6000):
    d[f"k{i}"] = i
keys = list(d)
print(len(d), keys[:3], keys[-3:], d["k4999"], "k10" in d, "k11" in d)
print(sum(d.values()), all(d[k] == int(k[1:]) for k in d))
