# from-import of names from a local module, with aliases.
from _shapes import Rect, area
from _shapes import PI_ISH as P

print(area(3, 3), Rect(1, 2).area(), P)
