# Building strings in a loop and comparing with join.
parts = []
s = ""
for i in range(10):
    s += str(i)
    parts.append(str(i))
print(s, s == "".join(parts))
print(len("ab" * 1000), ("ab" * 1000)[-3:])
