# A comprehension's loop variable does not leak into the enclosing scope.
x = "outer"
squares = [x * 2 for x in range(3)]
print(x, squares)
n = 10
print([n + i for i in range(3)])


def f():
    k = 5
    return [k * i for i in range(3)]


print(f())
