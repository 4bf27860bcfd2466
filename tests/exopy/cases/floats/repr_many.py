# repr of many pseudo-random doubles is the shortest form that round-trips.
seed = 99
out = []
for i in range(60):
    seed = (seed * 1103515245 + 12345) % 2**31
    x = seed / (i + 7) * 10.0 ** (i % 13 - 6)
    out.append(x)
    assert float(repr(x)) == x
for i in range(0, 60, 4):
    print(repr(out[i]), repr(out[i + 1]), repr(-out[i + 2]), repr(1 / out[i + 3]))
