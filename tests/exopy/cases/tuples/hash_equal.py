# Equal tuples hash equally.
a = (1, "x", (2.0, None))
b = tuple([1, "x", (2, None)])
print(a == b, hash(a) == hash(b))
print({a: "found"}[b])
