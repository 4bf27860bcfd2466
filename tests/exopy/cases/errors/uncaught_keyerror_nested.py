# An exception escaping several frames, with partial output first, exits with status 1.
def lookup(table, key):
    return table[key]


def report(keys):
    table = {"a": 1, "b": 2}
    for k in keys:
        print(k, lookup(table, k))


report(["a", "b", "c", "d"])
