# get and setdefault with and without defaults.
d = {"a": 1}
print(d.get("a"), d.get("b"), d.get("b", 0))
print(d.setdefault("a", 5), d.setdefault("b", 7), d.setdefault("c"), d)
groups = {}
for w in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups.setdefault(w[0], []).append(w)
print(groups)
