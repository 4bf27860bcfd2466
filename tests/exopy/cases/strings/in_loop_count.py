# Counting characters with a dict and printing them sorted.
text = "the quick brown fox jumps over the lazy dog"
counts = {}
for ch in text:
    if ch != " ":
        counts[ch] = counts.get(ch, 0) + 1
print(len(counts))
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
