# Rebinding the loop variable in the body does not change the iteration.
seen = []
for i in range(4):
    seen.append(i)
    i = 100
print(seen, i)
items = ["a", "b", "c"]
for item in items:
    item = item.upper()
print(items, item)
n = 3
for k in range(n):
    n = 0
print(k, n)
