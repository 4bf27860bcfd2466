# Code-point ordering for non-ASCII strings.
words = ["zebra", "éclair", "Zoo", "ápple", "日本", "apple", "Ünder"]
print(sorted(words))
print(min(words), max(words), "a" < "é" < "日")
print([w for w in words if w.lower() > "u"])
