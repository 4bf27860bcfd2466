# Dict literals, lookup, insertion and len.
d = {"a": 1, "b": 2}
d["c"] = 3
d["a"] = 10
print(d, len(d), d["b"])
print({}, dict(), dict(x=1, y=2), dict([("k", "v"), (1, 2)]))
