# __len__ and __getitem__ make a sequence-like class.
class Squares:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("out of range")
        return i * i


s = Squares(5)
print(len(s), s[2], s[-1], bool(s), bool(Squares(0)))
print(list(s), 9 in s, [x for x in s if x % 2])
