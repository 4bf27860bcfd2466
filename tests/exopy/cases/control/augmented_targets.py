# Augmented assignment to subscripts and attributes evaluates the target once.
calls = []


def idx(i):
    calls.append(i)
    return i


a = [1, 2, 3]
a[idx(1)] += 10
d = {"k": [1]}
d["k"] += [2]
d.setdefault("n", 0)
d["n"] -= 5


class Box:
    count = 0


b = Box()
b.count += 1
b.count *= 7
t = ([1],)
t[0].append(2)
print(a, calls, d, b.count, Box.count, t)
