# bool() of values of every built-in type.
values = [0, 1, -1, 0.0, 0.5, "", "a", [], [0], (), (0,), {}, {0: 0}, set(), {0}, None,
          b"", b"\x00", range(0), range(3), bytearray(), frozenset()]
print([bool(v) for v in values])
