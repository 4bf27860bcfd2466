# Sets of strings: only sorted output is deterministic.
words = set("the quick brown the lazy quick".split())
print(sorted(words), len(words))
print(sorted(words - {"the"}), "lazy" in words)
print(sorted(frozenset("abcab")))
