# Containment checks identity before equality, so nan is found in its own list.
nan = float("nan")
items = [nan, 1]
print(nan in items, float("nan") in items, items.count(nan), items.index(nan))
print(nan == nan, [nan] == [nan])
