# A class hierarchy with validation and exceptions: bank accounts.
class InsufficientFunds(Exception):
    pass


class Account:
    def __init__(self, owner, balance=0):
        self.owner, self.balance, self.log = owner, balance, []

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        self.log.append(("dep", amount))

    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(f"{self.owner}: need {amount - self.balance} more")
        self.balance -= amount
        self.log.append(("wd", amount))


class Savings(Account):
    def add_interest(self, percent):
        self.deposit(self.balance * percent // 100)


acct = Savings("ann", 100)
acct.add_interest(5)
for op, amt in (("withdraw", 50), ("deposit", -1), ("withdraw", 500), ("deposit", 20)):
    try:
        getattr(acct, op)(amt)
    except (ValueError, InsufficientFunds) as e:
        print(type(e).__name__, e)
print(acct.balance, acct.log)
