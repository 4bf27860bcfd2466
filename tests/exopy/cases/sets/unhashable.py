# Unhashable values cannot be set members.
for bad in ([1], {1: 2}, {1}):
    try:
        {bad}
    except TypeError:
        print("TypeError", type(bad).__name__)
print(sorted({(1, 2), "s", 3}, key=str))
