# repr of dicts with string, nested and special values.
print({"s": "it's", 1: [1.5, None], (1, 2): {"in": True}})
print(str({}), repr({"": ""}))
