# int() on decimal strings with signs, spaces and underscores.
for s in ("42", "-17", "+8", "  12  ", "1_000_000", "000", "-0", "123456789012345678901234567890"):
    print(repr(s), int(s))
for s in ("", "1.5", "abc", "1__0", "_1"):
    try:
        int(s)
    except ValueError:
        print("ValueError for", repr(s))
