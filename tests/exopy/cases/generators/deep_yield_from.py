# yield from chains hundreds of generators deep.
def nest(depth):
    if depth == 0:
        yield "bottom"
        return "r0"
    result = yield from nest(depth - 1)
    yield depth
    return result


items = list(nest(150))
print(len(items), items[:4], items[-3:])


def tail(n):
    yield from range(n)
    yield from ()


print(sum(tail(1000)), list(tail(3)))
