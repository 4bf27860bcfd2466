# The format() built-in and __format__ of built-in types.
print(format(42), format(42, "5"), format(3.5, ".3f"), format("s", ">4"))
print(format(255, "x"), format(1e6, ",.1f"), format(True), format(None))
print(format(-1, "b"), format(10, "#010b"))
