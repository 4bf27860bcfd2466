# Built-in exceptions are caught through their base classes.
cases = [
    (lambda: 1 // 0, ArithmeticError),
    (lambda: [][1], LookupError),
    (lambda: {}["k"], LookupError),
    (lambda: int("x"), ValueError),
    (lambda: undefined_name, NameError),  # noqa: F821
    (lambda: None.attr, AttributeError),
    (lambda: 1 + "s", TypeError),
]
for fn, base in cases:
    try:
        fn()
    except base as e:
        print(type(e).__name__, "is a", base.__name__, isinstance(e, Exception))
