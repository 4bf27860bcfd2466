# print calls str() on each argument.
class S:
    def __str__(self):
        return "S-object"


print(S(), [1], None, 1.0, True, b"x", {"a": (1,)})
print("%s|%s" % (S(), 5))
print(str(S()) + "!")
