# Without __eq__, instances compare by identity and are hashable.
class Plain:
    pass


a = Plain()
b = Plain()
print(a == a, a == b, a != b, a is a)
s = {a, a, b}
print(len(s), a in s, Plain() in s)
d = {a: 1}
print(d[a])
