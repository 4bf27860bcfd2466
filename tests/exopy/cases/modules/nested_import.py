# A local module importing another local module; __name__ is the module name.
import _uses_other

print(_uses_other.double_area(2, 5), _uses_other.NAME)
print(_uses_other._shapes.area(1, 1))
