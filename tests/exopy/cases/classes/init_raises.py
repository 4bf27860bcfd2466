# An exception in __init__ propagates out of the constructor call.
class Positive:
    def __init__(self, n):
        if n <= 0:
            raise ValueError("not positive")
        self.n = n


made = []
for n in (3, -1, 5, 0):
    try:
        made.append(Positive(n).n)
    except ValueError as e:
        print("rejected", n, e)
print(made)
