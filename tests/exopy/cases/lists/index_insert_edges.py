# Negative bounds for index, insert and pop; *= 0 clears in place.
a = [1, 2, 3, 2, 1]
print(a.index(1, -2), a.index(2, -4, -1), a.pop(-5), a)
a.insert(-100, "front")
a.insert(-1, "before last")
print(a)
alias = a
a *= 0
print(alias, a is alias)
b = [1, 2, 3]
del b[:]
c = [1, 2, 3]
c[::-1] = ["x", "y", "z"]
print(b, c)
try:
    [1, "a"] < [1, 2]
except TypeError:
    print("TypeError")
