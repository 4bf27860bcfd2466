# Memoised Fibonacci with a dict held in a closure.
caches = []


def memoize(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]

    caches.append(cache)
    return wrapper


@memoize
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(90), fib(200))
print(len(caches[0]), fib(10), len(caches))
