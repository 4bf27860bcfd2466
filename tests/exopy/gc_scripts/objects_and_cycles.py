# Instances, cycles and containers churned while the collector runs at every allocation.
class Node:
    def __init__(self, value, parent=None):
        self.value = value
        self.parent = parent
        self.children = []


root = Node(0)
for i in range(1, 60):
    parent = root if i % 3 == 0 else root.children[-1] if root.children else root
    child = Node(i, parent)
    parent.children.append(child)
ring = [Node(i) for i in range(20)]
for a, b in zip(ring, ring[1:] + ring[:1]):
    a.parent = b
print(len(root.children), sum(c.value for c in root.children), ring[5].parent.value)
table = {f"key{i}": [i] * (i % 5) for i in range(80)}
for k in list(table)[::2]:
    del table[k]
print(len(table), sum(len(v) for v in table.values()), sorted(table)[:3])
print({i % 7 for i in range(100)}, tuple(range(5)) * 2)
