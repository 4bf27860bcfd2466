# Instances get fresh attributes in __init__; the class namespace is separate.
class Node:
    def __init__(self, value, children=None):
        self.value = value
        self.children = children if children is not None else []

    def add(self, child):
        self.children.append(child)
        return self

    def total(self):
        return self.value + sum(c.total() for c in self.children)


root = Node(1).add(Node(2).add(Node(4))).add(Node(3))
print(root.total(), len(root.children), Node(0).children)
