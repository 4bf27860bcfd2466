# float() on strings with signs, spaces, exponents and special names.
for s in ("3.14", "  -2.5 ", "1e3", "1E-3", ".5", "5.", "+0.0", "-0", "1_000.5", "inf", "-nan"):
    print(repr(s), float(s))
for s in ("", "abc", "1.2.3", "e5"):
    try:
        float(s)
    except ValueError:
        print("ValueError", repr(s))
