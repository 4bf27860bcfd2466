# Dict equality ignores order.
a = {"x": 1, "y": 2}
b = {"y": 2, "x": 1}
print(a == b, list(a) == list(b), a != {"x": 1})
print({1: "a"} == {1.0: "a"}, {} == dict())
