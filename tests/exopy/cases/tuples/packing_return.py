# Returning several values packs them into a tuple.
def minmax(xs):
    return min(xs), max(xs)


r = minmax([3, 1, 4])
lo, hi = minmax([3, 1, 4])
print(r, lo, hi, type(r).__name__)
