# if/elif/else chains choose the first true branch.
for n in (-5, 0, 3, 10, 100):
    if n < 0:
        kind = "negative"
    elif n == 0:
        kind = "zero"
    elif n < 10:
        kind = "small"
    else:
        kind = "large"
    print(n, kind)
