# An exhausted generator stays exhausted; a new call starts over.
def three():
    yield 1
    yield 2
    yield 3


g = three()
print(sum(g), sum(g), list(g))
print(list(zip(three(), three())), [x for x in three() if x != 2])
it = three()
print(next(it), list(it), next(it, "done"))
