# enumerate with a start value over several iterables.
print(list(enumerate("abc")), list(enumerate([10, 20], start=1)))
for i, c in enumerate("xy", 5):
    print(i, c)
e = enumerate([])
print(list(e), type(enumerate("a")).__name__)
