# A generator of Fibonacci numbers, consumed with zip and a bound.
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


print([x for _, x in zip(range(15), fib())])
for x in fib():
    if x > 10**20:
        print(x)
        break
