# Tuple literals, the one-element comma and len.
t = (1, "a", 2.5)
print(t, len(t), t[0], t[-1], t[1:])
print((), (1,), (1), tuple(), tuple([1, 2]), tuple("ab"))
u = 1, 2, 3
print(u, type(u).__name__)
