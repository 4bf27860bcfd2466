# Built-in functions and methods reject the wrong number of arguments with TypeError.
calls = [
    lambda: (1).bit_length(1),
    lambda: "abc".upper(1),
    lambda: [].append(),
    lambda: [].append(1, 2),
    lambda: {}.get(),
    lambda: len(),
    lambda: len(1, 2),
    lambda: "a".split(",", 1, 2),
    lambda: int("1", 2, 3),
    lambda: {}.keys(1),
    lambda: set().add(),
    lambda: "a".join(),
    lambda: [].pop(1, 2),
    lambda: range(1, 2, 3, 4),
    lambda: divmod(1),
    lambda: b"".decode("utf-8", "strict", 3),
]
for i, call in enumerate(calls):
    try:
        call()
        print(i, "accepted")
    except TypeError:
        print(i, "TypeError")
