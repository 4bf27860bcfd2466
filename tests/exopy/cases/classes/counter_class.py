# A small class combining dunders: a bag of counts.
class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, item):
        self.counts[item] = self.counts.get(item, 0) + 1

    def __len__(self):
        return len(self.counts)

    def __getitem__(self, item):
        return self.counts.get(item, 0)

    def __repr__(self):
        return f"Tally({sorted(self.counts.items())})"


t = Tally()
for ch in "mississippi":
    t.add(ch)
print(t, len(t), t["s"], t["z"])
