# f-strings and format() without a spec use str() of the value.
for v in (0.1, 1e16, 1e-5, -0.0, 2.5, 10**20, True, None, "s", [1.5], (1,)):
    print(f"{v}", "{}".format(v), format(v), "{:}".format(v) == str(v))
