# Classes defined in functions see enclosing variables, including ones bound later.
def make():
    class K:
        def get(self):
            return outer_val + 1

    outer_val = 10
    return K


def f():
    x = 1

    class C:
        y = x + 1

        def m(self):
            return x

    x = 5
    return C.y, C().m()


def g():
    items = []
    for i in range(3):

        class Item:
            n = i

        items.append(Item)
    return [c.n for c in items]


print(make()().get(), f(), g())
