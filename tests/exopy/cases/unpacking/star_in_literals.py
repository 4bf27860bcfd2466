# * and ** inside list, tuple, set and dict displays.
a = [1, 2]
b = (3,)
print([*a, *b, 0], (*a, *"xy"), sorted({*a, *b, 1}))
d1 = {"x": 1, "y": 2}
print({**d1, "y": 20, **{"z": 3}})
print([*range(3), *[]], (*a,))
