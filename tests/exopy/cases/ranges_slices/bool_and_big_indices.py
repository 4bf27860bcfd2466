# Bools work as indices; huge slice bounds clamp; huge indices raise IndexError.
s = "abcdef"
print(s[True], s[True:], s[:False], [10, 20][False], (1, 2)[-True])
print(s[-(10**30) : 10**30], s[2 : 2**70], list(range(10))[10**20 :])
try:
    s[2**70]
except IndexError:
    print("IndexError")
