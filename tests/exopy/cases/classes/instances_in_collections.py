# Instances stored in lists and dicts, sorted by key functions.
class Emp:
    def __init__(self, name, salary):
        self.name, self.salary = name, salary

    def __repr__(self):
        return f"Emp({self.name!r}, {self.salary})"


staff = [Emp("b", 30), Emp("a", 50), Emp("c", 30)]
print(sorted(staff, key=lambda e: (e.salary, e.name)))
print(max(staff, key=lambda e: e.salary).name)
by_name = {e.name: e for e in staff}
print(by_name["c"])
