# Deterministic parts of sys: version_info, byteorder, maxsize, modules.
import sys

print(sys.version_info[0], sys.version_info[0] >= 3, sys.byteorder)
print(sys.maxsize >= 2**31 - 1, type(sys.maxsize).__name__)
print("sys" in sys.modules, type(sys.argv).__name__, type(sys.path).__name__)
