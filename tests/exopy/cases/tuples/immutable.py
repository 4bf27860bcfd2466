# Tuples cannot be changed, but mutable items inside can.
t = (1, [2, 3])
try:
    t[0] = 5
except TypeError:
    print("TypeError")
t[1].append(4)
print(t)
