# frozensets are hashable and immutable.
f = frozenset([3, 1, 2])
print(sorted(f), len(f), 2 in f)
d = {f: "key"}
print(d[frozenset({1, 2, 3})])
print(sorted(f | {9}), type(f | {9}).__name__, type({9} | f).__name__)
try:
    f.add(4)
except AttributeError:
    print("AttributeError")
print(frozenset() == set(), {frozenset([1]), frozenset([1])} == {frozenset([1])})
