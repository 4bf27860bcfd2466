# Generator methods and generator expressions over instance data.
class Tree:
    def __init__(self, value, *children):
        self.value, self.children = value, children

    def walk(self):
        yield self.value
        for child in self.children:
            yield from child.walk()

    def leaves(self):
        return (t for t in self.walk() if t % 2)


t = Tree(1, Tree(2, Tree(3)), Tree(4, Tree(5), Tree(7)))
print(list(t.walk()), list(t.leaves()), sum(t.walk()), max(t.walk()))
