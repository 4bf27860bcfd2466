# Missing module attributes raise AttributeError; missing modules raise ImportError.
import math

try:
    math.no_such_function
except AttributeError:
    print("AttributeError")
try:
    import no_such_module_anywhere  # noqa: F401
except ImportError as e:
    print(type(e).__name__, isinstance(e, ImportError))
try:
    from math import nothing_here  # noqa: F401
except ImportError:
    print("ImportError from")
