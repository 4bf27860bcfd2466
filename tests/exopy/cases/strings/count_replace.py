# count and replace, with counts and empty patterns.
s = "banana"
print(s.count("a"), s.count("an"), s.count("x"), s.count(""))
print(s.replace("a", "o"), s.replace("an", "AN", 1), s.replace("x", "y"))
print("aaa".replace("a", "aa"), "abc".replace("", "-"))
