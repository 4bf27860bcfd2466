# Strings and tuples reject item assignment and deletion.
for seq in ("abc", (1, 2, 3)):
    try:
        seq[0] = "x"
    except TypeError:
        print("TypeError assign", type(seq).__name__)
    try:
        del seq[0]
    except TypeError:
        print("TypeError delete", type(seq).__name__)
