# Building dicts from zip, enumerate and comprehensions over items.
keys = ["a", "b", "c"]
print(dict(zip(keys, range(3))), dict(enumerate(keys)), dict(enumerate(keys, 1)))
swapped = {v: k for k, v in dict(enumerate(keys)).items()}
print(swapped, sorted(swapped.items(), key=lambda kv: -kv[1]))
print(dict([("x", 1)] * 2), len(dict.fromkeys("aabbcc")))
