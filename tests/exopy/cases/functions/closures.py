# Closures capture variables, not values.
def make_adder(n):
    def add(x):
        return x + n

    return add


add3 = make_adder(3)
add10 = make_adder(10)
print(add3(1), add10(1), make_adder(-1)(1))


def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]


print(late())
