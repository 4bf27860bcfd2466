# all and any short-circuit and handle empty iterables.
print(all([]), any([]), all([1, 2]), all([1, 0]), any([0, "", None]), any([0, 3]))
seen = []


def check(x):
    seen.append(x)
    return x > 2


print(any(check(x) for x in [1, 5, 7]), seen)
seen.clear()
print(all(check(x) for x in [5, 1, 7]), seen)
