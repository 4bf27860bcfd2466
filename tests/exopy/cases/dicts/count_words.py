# Counting words and picking the most common deterministically.
text = "a b a c b a d"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
best = max(counts, key=counts.get)
print(best, counts[best])
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
