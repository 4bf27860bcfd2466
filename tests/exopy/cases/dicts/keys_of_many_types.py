# Keys of int, str, tuple, bool, None, float and frozenset types.
d = {1: "int", "1": "str", (1,): "tuple", None: "none", 2.5: "float", frozenset([1]): "fs"}
print(d[1], d["1"], d[(1,)], d[None], d[2.5], d[frozenset({1})])
print(len(d))
try:
    d[[1]] = "list"
except TypeError:
    print("TypeError unhashable")
