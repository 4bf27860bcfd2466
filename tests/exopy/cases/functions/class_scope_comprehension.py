# A comprehension in a class body sees class names only in its first iterable.
class C:
    xs = [1, 2, 3]
    doubled = [x * 2 for x in xs]
    try:
        sized = [x + len(xs) for x in range(2)]
    except NameError:
        sized = "NameError"


print(C.doubled, C.sized)
