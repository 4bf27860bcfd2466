# min and max with iterables, several arguments, key and default.
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"), min((2, "a"), (1, "z")))
print(max(["aa", "b", "ccc"], key=len), min([], default="empty"), max([], default=None))
print(max([1, 3, 2], key=lambda x: -x), min("b", "a", key=str.upper))
try:
    max([])
except ValueError:
    print("ValueError")
