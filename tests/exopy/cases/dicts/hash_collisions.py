# Keys whose hashes collide are still told apart by __eq__.
class Key:
    def __init__(self, n):
        self.n = n

    def __hash__(self):
        return 42

    def __eq__(self, other):
        return isinstance(other, Key) and self.n == other.n

    def __repr__(self):
        return f"Key({self.n})"


d = {Key(i): i * i for i in range(20)}
print(len(d), d[Key(7)], Key(20) in d)
del d[Key(3)]
d[Key(3)] = "back"
print(list(d)[-1], d[Key(3)], len(d))
