# __eq__ and __hash__ let instances act as dict keys and set members.
class Key:
    def __init__(self, a, b):
        self.a, self.b = a, b

    def __eq__(self, other):
        return isinstance(other, Key) and (self.a, self.b) == (other.a, other.b)

    def __hash__(self):
        return hash((self.a, self.b))


d = {Key(1, 2): "x"}
print(d[Key(1, 2)], Key(1, 2) == Key(1, 2), Key(1, 2) != Key(2, 1))
print(len({Key(0, 0), Key(0, 0), Key(0, 1)}), Key(1, 1) == (1, 1))
print(Key(3, 3) in [Key(1, 1), Key(3, 3)])
