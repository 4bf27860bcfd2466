# The None-default idiom gives each call a fresh list.
def collect(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc


print(collect(1), collect(2), collect(3, [0]))
