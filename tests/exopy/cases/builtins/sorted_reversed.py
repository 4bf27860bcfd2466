# sorted returns a new list from any iterable; reversed needs a sequence.
print(sorted("bca"), sorted((3, 1, 2)), sorted({"b": 1, "a": 2}), sorted(range(3), reverse=True))
print(
    list(reversed([1, 2, 3])),
    list(reversed("abc")),
    list(reversed(range(4))),
    list(reversed((1, 2))),
)
print(sorted([3, 1, 2], key=lambda x: -x))
try:
    reversed({1, 2})
except TypeError:
    print("TypeError")
