# Generators with default and keyword arguments.
def chunks(seq, size=2, pad=None):
    for i in range(0, len(seq), size):
        part = list(seq[i : i + size])
        while len(part) < size:
            part.append(pad)
        yield part


print(list(chunks([1, 2, 3, 4, 5])))
print(list(chunks("abcdefg", size=3, pad="-")))
print(list(chunks([])))
