# sum with start values; abs of ints, floats and bools.
print(sum([1, 2, 3]), sum([1, 2], 10), sum([0.5, 0.25]), sum([]), sum(range(10), -45))
print(abs(-3), abs(3), abs(-2.5), abs(0), abs(-(10**30)), abs(True))
try:
    sum(["a", "b"])
except TypeError:
    print("TypeError")
