# Iterating a dict yields keys; items unpacks pairs.
d = {"one": 1, "two": 2, "three": 3}
for k in d:
    print(k, d[k])
for k, v in d.items():
    print(f"{k}={v}")
print(sum(d.values()), sorted(d, key=d.get))
