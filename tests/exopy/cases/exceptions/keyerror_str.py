# str of a KeyError is the repr of its key.
for key in ("name", 3, (1, 2), None, ""):
    try:
        {}[key]
    except KeyError as e:
        print(str(e), e.args)
