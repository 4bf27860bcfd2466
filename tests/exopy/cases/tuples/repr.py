# repr of nested and one-element tuples.
print((1,), ((1,),), ("a", ("b",)), ((), ()), (None, True))
print(str((1.5, "s")), [(1, 2)])
