# Instance attributes shadow class attributes and methods of the same name.
class C:
    name = "class"

    def greet(self):
        return "method"


c = C()
print(c.name, c.greet())
c.name = "instance"
c.greet = lambda: "instance callable"
print(c.name, c.greet(), C.name, C().greet())
