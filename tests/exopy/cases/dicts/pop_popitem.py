# pop with defaults and popitem in LIFO order.
d = {"a": 1, "b": 2, "c": 3}
print(d.pop("b"), d.pop("zz", "dflt"), d)
print(d.popitem(), d.popitem(), d)
try:
    d.popitem()
except KeyError:
    print("KeyError")
try:
    d.pop("x")
except KeyError:
    print("KeyError pop")
