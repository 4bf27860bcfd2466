# Parameters after * are keyword-only.
def f(a, *, key, other=1):
    return a, key, other


print(f(1, key=2), f(1, other=3, key=4))
try:
    f(1, 2)
except TypeError:
    print("TypeError")
