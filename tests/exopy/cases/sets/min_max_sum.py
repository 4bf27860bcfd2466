# Aggregates over sets do not depend on iteration order.
s = {10, -4, 7, 3}
print(min(s), max(s), sum(s), len(s), sorted(s, reverse=True))
print(any(x < 0 for x in s), all(x < 100 for x in s))
