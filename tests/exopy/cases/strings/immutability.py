# Strings cannot be mutated in place.
s = "abc"
try:
    s[0] = "z"
except TypeError:
    print("TypeError")
t = s
s += "d"
print(s, t)
