# Chained comparisons evaluate the middle operand once.
calls = []


def v(x):
    calls.append(x)
    return x


print(v(1) < v(2) < v(3), calls)
calls.clear()
print(v(3) < v(2) < v(5), calls)
print(1 < 2 > 0 != 5 == 5, "a" < "b" <= "b" in "abc")
