# super() works in methods that call overridden parent helpers.
class Base:
    def greet(self, who):
        return f"hello {who}"


class Polite(Base):
    def greet(self, who):
        return super().greet(who).capitalize() + "!"


class Loud(Polite):
    def greet(self, who):
        return super().greet(who.upper())


print(Base().greet("x"), Polite().greet("y"), Loud().greet("z"))
