# for loops over lists, tuples, strings, dicts, sets, ranges and bytes.
for seq in ([1, 2], (3, 4), "ab", {"k": 0, "j": 1}, range(2), b"AB"):
    out = []
    for item in seq:
        out.append(item)
    print(type(seq).__name__, out)
