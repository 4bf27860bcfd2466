# __iter__ written as a generator method.
class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __iter__(self):
        for item in self.items:
            yield item
            yield item


b = Bag("x", "y")
print(list(b), sorted(b), len(list(b)))
a, b2, *rest = b
print(a, b2, rest)
