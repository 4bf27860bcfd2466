# The frozen functools, itertools and collections behave as CPython's for common uses.
from functools import reduce, partial, wraps
from itertools import (
    count,
    islice,
    chain,
    product,
    permutations,
    combinations,
    accumulate,
    groupby,
    zip_longest,
    repeat,
    takewhile,
    pairwise,
)
from collections import defaultdict, Counter, deque, OrderedDict
import itertools, functools

print(reduce(lambda a, b: a * b, range(1, 8)), partial(pow, 2)(10), reduce(max, [3, 9, 2], 0))


def deco(f):
    @wraps(f)
    def w(*a):
        return f(*a)

    return w


@deco
def named(x):
    "doc"
    return x


print(named.__name__, named.__doc__, named(3))
print(list(islice(count(5, 2), 4)), list(chain("ab", [1])), list(product("ab", repeat=2)))
print(
    list(permutations(range(3), 2)), list(combinations("abcd", 2)), list(accumulate([1, 2, 3, 4]))
)
print([(k, list(g)) for k, g in groupby("aabbbc")], list(zip_longest("ab", "xyz", fillvalue="-")))
print(list(repeat(7, 3)), list(takewhile(lambda x: x < 3, range(10))), list(pairwise("abcd")))
print(list(itertools.chain.from_iterable([[1], [2, 3]])), list(islice("abcdefg", 1, 6, 2)))
d = defaultdict(list)
d["a"].append(1)
d["b"]
print(d, dict(d), d["a"])
c = Counter("abracadabra")
print(c.most_common(2), c["z"], c["a"], sum(c.values()))
q = deque([1, 2, 3], maxlen=3)
q.append(4)
q.appendleft(0)
q.rotate(1)
print(q, q.pop(), q.popleft(), len(q))
print(OrderedDict(a=1, b=2), list(functools.reduce(lambda acc, x: acc + [x * 2], [1, 2], [])))
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
