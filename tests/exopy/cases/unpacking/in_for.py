# Unpacking in for-loop targets, nested and starred.
for i, (k, v) in enumerate({"a": 1, "b": 2}.items()):
    print(i, k, v)
for head, *tail in ([1, 2, 3], "xy"):
    print(head, tail)
