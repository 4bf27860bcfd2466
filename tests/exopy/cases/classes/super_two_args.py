# The explicit form super(Class, self) works like the zero-argument form.
class A:
    def hello(self):
        return "A.hello"


class B(A):
    def hello(self):
        return "B>" + super(B, self).hello()


class C(B):
    def hello(self):
        return "C>" + super(C, self).hello()

    def skip(self):
        return super(B, self).hello()


print(C().hello(), C().skip(), B().hello())
