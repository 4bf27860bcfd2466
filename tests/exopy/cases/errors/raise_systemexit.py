# Raising SystemExit directly sets the exit status, and finally blocks still run.
try:
    print("body")
    raise SystemExit(4)
finally:
    print("finally runs")
