# args, str() and repr-free inspection of exceptions with 0, 1 and 2 args.
for exc in (ValueError(), ValueError("one"), ValueError("a", 2), KeyError("k"), Exception(3)):
    print(type(exc).__name__, exc.args, repr(str(exc)))
