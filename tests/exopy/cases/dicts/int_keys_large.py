# Dicts with many int keys, negative keys and big-int keys.
d = {}
for i in range(-500, 500):
    d[i * 7919] = i
print(len(d), d[-7919], d[7919 * 499], 7919 * 500 in d)
d[2**100] = "big"
d[-(2**100)] = "neg"
print(d[2**100], d[-(2**100)], len(d))
print(sum(k for k in d if -(10**6) < k < 10**6) == 7919 * sum(range(-500, 500)))
