# Shrinking a list with pop, remove, del and clear.
a = list(range(10))
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(5)
del a[0]
del a[1:3]
print(a)
try:
    a.remove(100)
except ValueError:
    print("ValueError")
a.clear()
print(a)
try:
    a.pop()
except IndexError as e:
    print("IndexError")
