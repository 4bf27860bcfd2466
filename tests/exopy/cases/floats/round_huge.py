# round() of huge floats gives exact ints; round with ndigits keeps huge floats.
print(round(1e300) == int(1e300), len(str(round(1e300))), round(2.0**80))
print(round(1e300, 2) == 1e300, round(-1e20, -5), round(123456789.123456789, 4))
for bad in (float("inf"), float("nan")):
    try:
        round(bad)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__)
print(round(float("inf"), 2), round(float("nan"), 1))
