# Closures and suspended generators keep their frames alive across collections.
def counter(start):
    n = start

    def step(k=1):
        nonlocal n
        n += k
        return n

    return step


steps = [counter(i * 10) for i in range(10)]
print([s() for s in steps], steps[3](5))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


gens = [fib() for _ in range(5)]
for g in gens:
    for _ in range(30):
        next(g)
print([next(g) for g in gens])


def chain(*its):
    for it in its:
        yield from it


print(list(chain(range(3), "ab", (x * x for x in range(4)))))
print(sum(x for x in range(1000) if x % 7 == 3))
