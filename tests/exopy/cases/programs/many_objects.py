# Allocating and discarding many small objects leaves the live ones intact.
class Cell:
    def __init__(self, value):
        self.value = value
        self.items = [value] * 3


keep = []
for i in range(20000):
    c = Cell(i)
    if i % 1000 == 0:
        keep.append(c)
    temp = {"k": [c, str(i)], "t": (i, i * 2)}
print(len(keep), [k.value for k in keep][:5], sum(k.items[2] for k in keep))
print(temp["t"], temp["k"][1])
big = [str(i) * 3 for i in range(5000)]
print(len(big), big[4999], sum(len(s) for s in big))
