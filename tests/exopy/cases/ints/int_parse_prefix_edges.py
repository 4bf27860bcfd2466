# Leading zeros, underscores after prefixes and base 0 rules in int().
for args in (
    ("00",),
    ("0_0",),
    ("0x_1f", 16),
    ("0x_1f", 0),
    ("0b", 0),
    ("012", 0),
    ("0", 0),
    ("00", 0),
    ("1_2", 0),
):
    try:
        print(args, int(*args))
    except ValueError:
        print(args, "ValueError")
