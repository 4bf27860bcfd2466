# del removes entries; many inserts and deletes keep the dict consistent.
d = {}
for i in range(100):
    d[i] = i * i
for i in range(0, 100, 3):
    del d[i]
print(len(d), d[1], d[98], 3 in d, 4 in d)
print(list(d)[:5], list(d)[-3:])
