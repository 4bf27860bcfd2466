# map and filter are lazy and accept several iterables / None.
print(list(map(str, [1, 2, 3])), list(map(pow, [2, 3], [3, 2])))
print(list(filter(lambda x: x % 2, range(10))), list(filter(None, [0, 1, "", "a", None, []])))
m = map(lambda x: x * 10, [1, 2])
print(next(m), list(m), list(m))
print(list(map(len, ["a", "bb"])), sum(map(int, "123")))
