# Recursive generators walking a tree with yield from.
def walk(tree, depth=0):
    name, children = tree
    yield depth, name
    for child in children:
        yield from walk(child, depth + 1)


tree = ("root", [("a", [("a1", []), ("a2", [])]), ("b", [("b1", [])])])
for depth, name in walk(tree):
    print("  " * depth + name)
