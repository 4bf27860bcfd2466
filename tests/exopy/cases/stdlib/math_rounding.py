# floor, ceil and trunc return ints for floats of both signs.
import math

for x in (2.5, -2.5, 3.0, -0.5, 1e20, 7):
    print(x, math.floor(x), math.ceil(x), math.trunc(x), type(math.floor(x)).__name__)
