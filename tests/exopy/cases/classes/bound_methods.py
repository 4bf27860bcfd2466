# Bound methods remember their instance.
class Acc:
    def __init__(self):
        self.total = 0

    def add(self, n):
        self.total += n
        return self.total


a = Acc()
f = a.add
f(5)
f(6)
print(a.total, Acc.add(a, 1), a.total)
print(list(map(Acc().add, [1, 2, 3])))
