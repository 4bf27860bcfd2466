# import of a .py module beside the script, and attribute access on it.
import _shapes

print(_shapes.PI_ISH, _shapes.area(2, 3))
r = _shapes.Rect(4, 5)
print(r.area(), len(_shapes.created), type(r).__name__)
