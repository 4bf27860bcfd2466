# A docstring is not a statement that prints anything; functions still work.
def documented(x):
    """Return x doubled."""
    return x * 2


print(documented(4), documented.__doc__)


def nodoc():
    return 1


print(nodoc.__doc__)
