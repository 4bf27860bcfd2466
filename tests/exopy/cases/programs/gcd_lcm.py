# Euclid's algorithm and least common multiples over big ints.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def lcm(a, b):
    return a // gcd(a, b) * b


print(gcd(48, 18), gcd(-48, 18), gcd(0, 9), gcd(2**100, 6**50))
acc = 1
for n in range(1, 41):
    acc = lcm(acc, n)
print(acc)
