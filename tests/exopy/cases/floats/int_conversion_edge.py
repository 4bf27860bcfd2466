# int() of huge, inf and nan floats.
print(int(1e300) > 10**299, int(-1e18))
for bad in (float("inf"), float("nan")):
    try:
        int(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__)
