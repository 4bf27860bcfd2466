# An incremental prime generator built from a dict of upcoming composites.
def primes():
    composites = {}
    n = 2
    while True:
        if n not in composites:
            yield n
            composites[n * n] = [n]
        else:
            for p in composites.pop(n):
                composites.setdefault(n + p, []).append(p)
        n += 1


gen = primes()
first = [next(gen) for _ in range(25)]
print(first)
for p in gen:
    if p > 10000:
        print(p)
        break
