# Conditional expressions, nested and lazy.
for x in (-1, 0, 1):
    print("neg" if x < 0 else "zero" if x == 0 else "pos")
print(1 if True else 1 / 0, (lambda: 5)() if 0 else "skip")
y = [10, 20][0 if False else 1]
print(y)
