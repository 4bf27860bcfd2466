# Methods resolve through the single-inheritance chain; attributes too.
class A:
    x = "A.x"

    def who(self):
        return "A"

    def call(self):
        return self.who()


class B(A):
    def who(self):
        return "B"


class C(B):
    x = "C.x"


print(C().call(), C().x, B().x, A().call())
