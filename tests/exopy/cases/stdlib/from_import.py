# from-imports and import-as bind names from built-in modules.
from math import floor, pi
from math import sqrt as root
import math as m
import sys as system

print(floor(pi), root(49), m.ceil(0.1), type(system.maxsize).__name__)
print(m.pi == pi, m.sqrt is root)
