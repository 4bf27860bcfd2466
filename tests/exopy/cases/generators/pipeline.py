# Chained generators form a lazy pipeline.
def numbers(n):
    yield from range(n)


def evens(xs):
    for x in xs:
        if x % 2 == 0:
            yield x


def squared(xs):
    for x in xs:
        yield x * x


print(list(squared(evens(numbers(10)))))
print(sum(squared(evens(numbers(1000)))))
