# list.index, count, remove and `in` use __eq__.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __repr__(self):
        return f"Money({self.cents})"


wallet = [Money(100), Money(5), Money(100)]
print(Money(5) in wallet, Money(7) in wallet, wallet.count(Money(100)), wallet.index(Money(5)))
wallet.remove(Money(100))
print(wallet, (Money(5),) == (Money(5),), [Money(1)] != [Money(1)])
