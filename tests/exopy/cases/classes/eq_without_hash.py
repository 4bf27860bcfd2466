# Defining __eq__ without __hash__ makes instances unhashable.
class V:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return self.v == other.v


print(V(1) == V(1), V(1) != V(2))
try:
    {V(1)}
except TypeError:
    print("TypeError unhashable")
