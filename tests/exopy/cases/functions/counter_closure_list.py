# Closures sharing one enclosing variable.
def pair():
    value = []

    def put(x):
        value.append(x)

    def get():
        return list(value)

    return put, get


put, get = pair()
put(1)
put(2)
print(get())
put2, get2 = pair()
print(get2(), get())
