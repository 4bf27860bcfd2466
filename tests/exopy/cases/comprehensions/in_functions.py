# Comprehensions in functions reading arguments and outer-scope variables.
scale = 3


def scaled(xs, offset):
    return [x * scale + offset for x in xs if x != offset]


print(scaled([1, 2, 3], 2))
print([[y for y in range(x)] for x in range(4)])
