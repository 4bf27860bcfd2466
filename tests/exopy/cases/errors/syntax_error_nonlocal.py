# nonlocal at module level, or naming no enclosing variable, is a SyntaxError: exit 1, no output.
print("must not be printed")


def f():
    nonlocal missing
    missing = 1
