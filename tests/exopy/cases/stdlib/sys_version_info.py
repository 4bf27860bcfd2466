# sys.version_info is a tuple with named fields and compares like one.
import sys

v = sys.version_info
print(v.major, v[0] == v.major, v >= (3,), v > (2, 7), len(v) >= 3)
major, minor = v[:2]
print(major == v.major, minor == v.minor, isinstance(v, tuple))
