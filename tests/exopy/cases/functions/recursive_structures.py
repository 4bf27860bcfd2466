# Recursion over nested lists.
def flatten(x):
    if isinstance(x, list):
        out = []
        for item in x:
            out.extend(flatten(item))
        return out
    return [x]


def depth(x):
    return 1 + max(map(depth, x), default=0) if isinstance(x, list) else 0


data = [1, [2, [3, [4]], 5], [[6]]]
print(flatten(data), depth(data), depth([]))
