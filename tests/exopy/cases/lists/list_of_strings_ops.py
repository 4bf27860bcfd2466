# Common idioms over lists of strings.
words = "the cat sat on the mat".split()
print(len(words), words.count("the"), sorted(set(words)))
print([w.upper() for w in words if len(w) == 3])
print(" ".join(reversed(words)))
print(max(words, key=len), words.index("sat"))
