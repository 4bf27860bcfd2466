# Two names bound to one list see each other's changes.
a = [1, 2]
b = a
b.append(3)
print(a, a is b)


def add(lst):
    lst.append(4)


add(a)
print(b)
