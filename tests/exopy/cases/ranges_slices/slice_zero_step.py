# A zero slice step is a ValueError.
for seq in ([1, 2], "ab", (1, 2), b"ab", range(3)):
    try:
        seq[::0]
    except ValueError:
        print("ValueError", type(seq).__name__)
