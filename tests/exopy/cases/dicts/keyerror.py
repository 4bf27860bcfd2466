# Missing keys raise KeyError carrying the key.
d = {"a": 1}
try:
    d["missing"]
except KeyError as e:
    print("KeyError", e, repr(e), e.args)
try:
    del d["nope"]
except KeyError as e:
    print("KeyError", e)
try:
    {}[(1, 2)]
except KeyError as e:
    print("KeyError", e)
