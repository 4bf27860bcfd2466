# Concatenation, repetition and len of strings.
s = "ab" + "cd"
print(s, s * 3, 2 * "xy", "" * 5, "q" * 0, "z" * -1)
print(len(s), len(""), len(s * 10))
t = "a"
t += "b"
t *= 2
print(t)
