# zip stops at the shortest input; zip(*x) transposes.
print(list(zip([1, 2, 3], "ab")), list(zip()), list(zip([1])))
pairs = [(1, "a"), (2, "b"), (3, "c")]
nums, lets = zip(*pairs)
print(nums, lets)
print(dict(zip("abc", range(3))))
print(list(zip(range(3), range(10, 13), "xyz")))
