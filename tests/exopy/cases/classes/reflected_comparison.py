# With only __lt__ defined, a > b falls back to b < a.
class N:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        print("lt", self.v, other.v)
        return self.v < other.v


print(N(1) < N(2))
print(N(1) > N(2))
try:
    N(1) <= N(2)
except TypeError:
    print("TypeError for <=")
