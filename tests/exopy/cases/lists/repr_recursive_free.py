# repr of lists of mixed values, strings quoted.
print([1, "a", 'b"', "c'", 2.5, None, True, (1,), [], {}])
print(str([["x"]]), repr(["\n"]))
