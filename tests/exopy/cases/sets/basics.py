# Set literals drop duplicates; membership and len.
s = {3, 1, 3, 2, 1}
print(sorted(s), len(s), 2 in s, 5 not in s)
print(sorted(set("hello")), len(set()), set() == set([]))
print(sorted(set([1, 1.0, True, 2])))
