# Operations on unsupported types raise TypeError.
nothing = None
five = 5
ops = [
    lambda: 1 + "1",
    lambda: [1] + (1,),
    lambda: "a" * "b",
    lambda: len(5),
    lambda: nothing(),
    lambda: five[0],
    lambda: {}[[]],
    lambda: 1 < "x",
    lambda: -"s",
]
for op in ops:
    try:
        op()
    except TypeError:
        print("TypeError")
