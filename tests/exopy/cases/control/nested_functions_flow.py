# return inside loops exits the function immediately.
def first_even(xs):
    for x in xs:
        if x % 2 == 0:
            return x
    return None


print(first_even([1, 3, 4, 6]), first_even([1, 3]))


def count_until(limit):
    n = 0
    while True:
        n += 1
        if n * n > limit:
            return n


print(count_until(50))
