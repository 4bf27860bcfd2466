# getattr, setattr, hasattr and delattr-free attribute handling.
class Box:
    pass


b = Box()
setattr(b, "width", 3)
b.height = 4
print(getattr(b, "width"), b.height, hasattr(b, "depth"), getattr(b, "depth", "none"))
try:
    b.depth
except AttributeError:
    print("AttributeError")
for name in ("width", "height"):
    setattr(b, name, getattr(b, name) * 10)
print(b.width, b.height)
