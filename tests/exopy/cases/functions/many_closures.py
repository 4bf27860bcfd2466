# Many closures over distinct cells, created in a loop through a factory.
def make(i):
    def get():
        return i * i

    def bump():
        nonlocal i
        i += 1000
        return i

    return get, bump


pairs = [make(i) for i in range(100)]
for get, bump in pairs[::25]:
    print(get(), bump(), get())
print(sum(get() for get, _ in pairs))
