# A module is imported once; later imports return the same object.
import math
import sys

import math as again

print(math is again, sys.modules["math"] is math)


def f():
    import math

    return math.sqrt(9)


print(f(), "math" in dir())
