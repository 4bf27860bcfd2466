# add, remove, discard, pop and clear.
s = set()
s.add(5)
s.add(5)
s.add(7)
s.discard(100)
s.remove(5)
print(sorted(s))
try:
    s.remove(100)
except KeyError as e:
    print("KeyError", e)
x = s.pop()
print(x, s)
s.clear()
print(len(s))
