# nonlocal through two levels of nested functions.
def outer():
    total = 0

    def middle():
        def inner(n):
            nonlocal total
            total += n

        for i in range(5):
            inner(i)
        return total

    first = middle()
    return first, middle(), total


print(outer())
