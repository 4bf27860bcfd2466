# str() and repr() of values of built-in types.
print(str(42), str(-1.5), str(None), str(True), str([1, "a"]), str((1,)), str({"k": [1]}))
print(repr("x"), repr(["x"]), str("x"))
print(str(), repr(()), repr([]), repr({}))
print(str(b"ab"), str(range(1, 4)))
