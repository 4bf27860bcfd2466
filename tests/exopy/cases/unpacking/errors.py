# Unpacking the wrong number of values raises ValueError.
for value in ([1, 2, 3], [1], "ab"):
    try:
        a, b = value
        print("ok", a, b)
    except ValueError:
        print("ValueError", value)
try:
    a, *b, c = [1]
except ValueError:
    print("ValueError starred")
try:
    a, b = 5
except TypeError:
    print("TypeError")
