# float.is_integer and float.as_integer_ratio.
print((2.5).is_integer(), (2.0).is_integer(), (-0.0).is_integer())
print((0.75).as_integer_ratio(), (-2.5).as_integer_ratio())
print((0.1).as_integer_ratio())
print((3.0).real, (1e20).is_integer())
