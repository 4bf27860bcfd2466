# Removing duplicates while keeping first occurrences, via a seen set.
items = [5, 3, 5, 1, 3, 9, 1]
seen = set()
out = []
for x in items:
    if x not in seen:
        seen.add(x)
        out.append(x)
print(out, sorted(seen))
print(list(dict.fromkeys(items)))
