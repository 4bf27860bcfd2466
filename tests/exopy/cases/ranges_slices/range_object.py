# range objects support indexing, slicing, in and equality.
r = range(3, 30, 4)
print(r, r[0], r[-1], r[2:4], r[::-1], 11 in r, 12 in r)
print(r.index(15), r.count(7), len(r))
print(range(0) == range(5, 5), range(3) == range(0, 3, 1))
try:
    range(1, 2, 0)
except ValueError:
    print("ValueError")
