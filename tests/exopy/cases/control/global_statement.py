# global lets a function rebind a module-level name.
counter = 0


def bump(n=1):
    global counter
    counter += n
    return counter


bump()
bump(5)
print(counter, bump(), counter)
