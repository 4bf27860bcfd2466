# reversed() and `in` work on a class with only __len__ and __getitem__.
class Letters:
    def __init__(self, s):
        self.s = s

    def __len__(self):
        return len(self.s)

    def __getitem__(self, i):
        return self.s[i].upper()


w = Letters("abc")
print(list(reversed(w)), "B" in w, "b" in w, list(w), sorted(w, reverse=True))
