# Changing a dict's size while iterating raises RuntimeError.
d = {1: "a", 2: "b"}
try:
    for k in d:
        d[k + 10] = "x"
except RuntimeError:
    print("RuntimeError")
for k in list(d):
    if k > 1:
        del d[k]
print(d)
