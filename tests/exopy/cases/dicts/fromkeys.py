# dict.fromkeys shares the one value between all keys.
d = dict.fromkeys(["a", "b", "c"])
print(d)
e = dict.fromkeys("xy", [])
e["x"].append(1)
print(e)
print(dict.fromkeys(range(3), 0))
