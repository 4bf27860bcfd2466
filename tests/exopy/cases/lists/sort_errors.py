# Sorting mixed uncomparable types raises TypeError.
try:
    sorted([1, "a", 2])
except TypeError:
    print("TypeError")
a = [3, 1, 2]
print(a.sort(), a)
