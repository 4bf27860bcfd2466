# Aggregates over lists of numbers.
a = [4, -2, 7.5, 0, 3]
print(sum(a), min(a), max(a), sum(a, 10), sum([]))
print(sum([[1], [2, 3]], []))
print(min([3, 1, 2], key=lambda x: -x), max(["aa", "b"], key=len))
