# f-strings evaluate expressions left to right, once each.
calls = []


def v(x):
    calls.append(x)
    return x


print(f"{v(1)}{v(2)}{v(3)}")
print(calls)
print(f"{'a' + 'b'}{3 * 4}{len([1, 2])}")
