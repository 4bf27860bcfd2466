# Lexicographic string comparison.
print("abc" < "abd", "abc" < "ab", "" < "a", "Z" < "a")
print("apple" == "apple", "a" != "A")
print(sorted(["pear", "Apple", "apple", "banana", ""]))
print(max("hello"), min("hello"))
print("é" > "z")
