# Equal strings hash equally and work as dict keys when built differently.
a = "hello"
b = "".join(["he", "llo"])
print(a == b, hash(a) == hash(b))
d = {a: 1}
print(d[b], "hel" + "lo" in d)
