# None as a value in containers, as a dict key and in comparisons with ==.
data = [None, 0, "", None]
print(data.count(None), data.index(None, 1), None in data, [x for x in data if x is not None])
d = {None: "nothing", 0: "zero"}
print(d[None], d.get(None), list(d))
print(sorted([3, None, 1], key=lambda x: (x is None, x or 0)))
print(max([None, None], key=lambda x: 0), [None] * 3)
