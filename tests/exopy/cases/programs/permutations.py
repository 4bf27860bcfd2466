# A recursive permutations generator.
def perms(items):
    if len(items) <= 1:
        yield list(items)
        return
    for i in range(len(items)):
        for rest in perms(items[:i] + items[i + 1 :]):
            yield [items[i]] + rest


print(list(perms([1, 2, 3])))
print(len(list(perms("abcde"))), ["".join(p) for p in perms("abc")])
