# copy makes an independent set; equality ignores insertion history.
a = {1, 2, 3}
b = a.copy()
b.add(4)
print(sorted(a), sorted(b), a == {3, 2, 1}, a == b)
c = set(a)
c.discard(1)
print(sorted(a), sorted(c))
