# Binary search for every element and for gaps.
def bsearch(xs, target):
    lo, hi = 0, len(xs)
    while lo < hi:
        mid = (lo + hi) // 2
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo if lo < len(xs) and xs[lo] == target else -1


xs = list(range(0, 300, 3))
print(all(bsearch(xs, x) == i for i, x in enumerate(xs)))
print([bsearch(xs, t) for t in (-1, 1, 150, 297, 298, 1000)])
