# iter and next over built-in iterables, with a default.
it = iter([1, 2])
print(next(it), next(it), next(it, "end"))
d = iter({"a": 1, "b": 2})
print(next(d), list(d))
s = iter("xy")
print(list(s), next(s, None))
try:
    iter(5)
except TypeError:
    print("TypeError")
