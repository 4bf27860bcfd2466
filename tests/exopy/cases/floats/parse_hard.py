# Correctly rounded parsing of hard decimal strings, including subnormals.
for s in (
    "0.1",
    "9007199254740993",
    "2.2250738585072011e-308",
    "4.9e-324",
    "1e-320",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "0.30000000000000004",
    "123456789012345678901234567890",
    "1e23",
    "8.589973e9",
):
    print(s, repr(float(s)))
