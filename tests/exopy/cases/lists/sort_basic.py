# list.sort and sorted with reverse.
a = [5, 2, 9, 1, 5, 6]
b = sorted(a)
a.sort(reverse=True)
print(a, b)
words = ["pear", "fig", "banana", "kiwi"]
words.sort()
print(words)
print(sorted(words, reverse=True))
