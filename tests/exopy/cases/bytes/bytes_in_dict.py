# bytes are hashable dict keys; bytearray is not.
d = {b"k": 1, b"k2": 2}
print(d[b"k"], b"k2" in d)
try:
    {bytearray(b"x"): 1}
except TypeError:
    print("TypeError")
