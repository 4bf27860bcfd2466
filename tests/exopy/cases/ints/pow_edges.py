# pow corner cases: modulus 1, zero exponents, negative bases with a modulus.
print(pow(0, 0, 1), pow(5, 0, 1), pow(5, 0, 7), pow(-2, 3, 5), pow(2, 3, -5), pow(0, 5, 3))
print(pow(1, 10**20), pow(-1, 10**20 + 1), 0**0, (-1) ** -3)
for args in ((2, 3, 0), (2.0, 3, 5)):
    try:
        pow(*args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__)
