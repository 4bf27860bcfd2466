# Calls with many positional and keyword arguments.
def f(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q=17, r=18, s=19, t=20):
    return [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t]


print(f(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16))
print(f(*range(16), t=0, s=-1))
print(f(*range(20)) == list(range(20)))


def g(*args, **kwargs):
    return len(args), len(kwargs), sum(args), sorted(kwargs)[:3]


print(g(*range(300), **{f"k{i}": i for i in range(100)}))
