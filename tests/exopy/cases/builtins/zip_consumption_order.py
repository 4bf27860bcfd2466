# zip pulls items left to right and stops at the first exhausted iterator.
log = []


def gen(name, n):
    for i in range(n):
        log.append(f"{name}{i}")
        yield i


print(list(zip(gen("a", 3), gen("b", 2))), log)
log.clear()
print(list(zip(gen("a", 2), gen("b", 3))), log)
log.clear()
print(list(map(lambda x, y: x + y, gen("a", 1), gen("b", 5))), log)
