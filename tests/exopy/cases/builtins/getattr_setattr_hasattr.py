# getattr/setattr/hasattr on instances, classes and built-ins.
class C:
    a = 1


c = C()
setattr(c, "b", 2)
setattr(C, "z", 26)
print(getattr(c, "a"), getattr(c, "b"), c.z, hasattr(c, "z"), hasattr(c, "q"))
print(getattr("abc", "upper")(), hasattr([], "append"), getattr(c, "q", None))
try:
    getattr(c, "missing")
except AttributeError:
    print("AttributeError")
