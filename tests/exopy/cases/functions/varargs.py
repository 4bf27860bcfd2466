# *args collects extra positional arguments into a tuple.
def total(*nums):
    return type(nums).__name__, len(nums), sum(nums)


print(total(), total(1), total(1, 2, 3))


def head_tail(first, *rest):
    return first, rest


print(head_tail(1, 2, 3), head_tail("only"))
