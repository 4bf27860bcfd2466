# Recursive quicksort on a pseudo-random list from a linear congruential generator.
def lcg(seed, n):
    out = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2**31
        out.append(seed % 1000)
    return out


def quicksort(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[len(xs) // 2]
    less = [x for x in xs if x < pivot]
    equal = [x for x in xs if x == pivot]
    more = [x for x in xs if x > pivot]
    return quicksort(less) + equal + quicksort(more)


data = lcg(42, 500)
result = quicksort(data)
print(result == sorted(data), result[:10], result[-5:])
print(sum(result), len(set(result)))
