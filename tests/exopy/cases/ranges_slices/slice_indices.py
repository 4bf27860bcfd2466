# slice.indices clamps to a length.
print(slice(None, None).indices(5))
print(slice(-3, None).indices(5), slice(0, 100, 2).indices(5), slice(None, None, -1).indices(4))
print(slice(10, -10, -3).indices(7))
