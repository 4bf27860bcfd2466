# Keyword arguments in any order; errors for duplicates and unknowns.
def area(width, height):
    return width * height


print(area(2, 3), area(height=4, width=5), area(2, height=7))
for call in (lambda: area(1, width=2), lambda: area(1, depth=2), lambda: area(1)):
    try:
        call()
    except TypeError:
        print("TypeError")
