# Collections between next() calls keep suspended generators, their locals and closures alive.
import gc


def make(tag):
    data = [tag] * 3
    seen = {}

    def gen():
        for i in range(3):
            seen[i] = data[i] + str(i)
            yield seen[i]

    return gen()


gens = [make(t) for t in "abc"]
out = []
for _ in range(3):
    gc.collect()
    junk = [[j] * 10 for j in range(500)]
    out.append([next(g) for g in gens])
    del junk
print(out)
print([next(g, "done") for g in gens])
