# nonlocal lets an inner function rebind an enclosing variable.
def counter():
    count = 0

    def inc(step=1):
        nonlocal count
        count += step
        return count

    return inc


c = counter()
d = counter()
print(c(), c(), c(10), d())
