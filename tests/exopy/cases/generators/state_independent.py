# Each call makes an independent generator with its own locals.
def counter(start):
    while True:
        yield start
        start += 1


a = counter(0)
b = counter(100)
print(next(a), next(a), next(b), next(a), next(b))
