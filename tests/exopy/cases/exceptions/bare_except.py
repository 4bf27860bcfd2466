# A bare except catches everything, including SystemExit.
for thrower in (lambda: 1 / 0, lambda: [].pop(), lambda: exit_now()):  # noqa: F821
    try:
        thrower()
    except:  # noqa: E722
        print("caught by bare except")
try:
    raise SystemExit(5)
except:  # noqa: E722
    print("SystemExit caught too")
