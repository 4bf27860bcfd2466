# Names in a class body are not visible from its methods.
x = "global x"


class C:
    x = "class x"
    y = x + "!"

    def method(self):
        return x

    def via_self(self):
        return self.x


print(C.y, C().method(), C().via_self())
