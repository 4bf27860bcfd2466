# Reference cycles are collected without disturbing reachable objects.
import gc


class Node:
    def __init__(self, n):
        self.n = n
        self.peer = None


keep = []
for i in range(200):
    a, b = Node(i), Node(-i)
    a.peer, b.peer = b, a
    if i % 50 == 0:
        keep.append(a)
gc.collect()
print([k.n for k in keep], [k.peer.n for k in keep], keep[1].peer.peer is keep[1])
