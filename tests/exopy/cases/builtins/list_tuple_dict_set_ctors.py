# The container constructors copy from any iterable.
src = [3, 1, 3]
print(list(src), tuple(src), sorted(set(src)), sorted(frozenset(src)))
print(dict([(1, "a"), [2, "b"]]), dict({"k": 0}, j=1), dict(zip("ab", "xy")))
print(list({"a": 1, "b": 2}), list({"a": 1}.values()), tuple("hi"))
l2 = list(src)
l2.append(0)
print(src, l2)
