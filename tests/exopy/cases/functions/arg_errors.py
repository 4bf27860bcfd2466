# Calling with too many or too few arguments raises TypeError.
def two(a, b):
    return a + b


for args in ((), (1,), (1, 2, 3)):
    try:
        two(*args)
    except TypeError:
        print("TypeError", len(args))
print(two(1, 2))
try:
    two(1, b=2, c=3)
except TypeError:
    print("TypeError kw")
