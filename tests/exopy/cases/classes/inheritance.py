# Subclasses inherit and override methods.
class Animal:
    def __init__(self, name):
        self.name = name

    def speak(self):
        return "..."

    def describe(self):
        return f"{self.name} says {self.speak()}"


class Dog(Animal):
    def speak(self):
        return "woof"


class Puppy(Dog):
    def speak(self):
        return "yip"


for a in (Animal("generic"), Dog("rex"), Puppy("bit")):
    print(a.describe(), isinstance(a, Dog), type(a).__name__)
