# Merge sort with an index-based merge, checked against sorted() with a key.
def merge_sort(xs, key):
    if len(xs) < 2:
        return list(xs)
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid], key), merge_sort(xs[mid:], key)
    out, i, j = [], 0, 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    return out + left[i:] + right[j:]


words = "the quick brown fox jumps over the lazy dog again and again".split()
print(merge_sort(words, len))
print(merge_sort(words, len) == sorted(words, key=len))
