# Iterating a string yields one-character strings.
for ch in "hé!":
    print(ch, ord(ch))
print(list("abc"), tuple("xy"), sorted("banana"))
print([c * 2 for c in "ab"])
