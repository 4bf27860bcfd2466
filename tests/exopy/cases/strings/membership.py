# in and not in for substrings.
s = "hello world"
print("lo w" in s, "xyz" in s, "" in s, "H" not in s)
print("a" in "", "" in "")
