# removeprefix and removesuffix.
print("test_case".removeprefix("test_"), "test_case".removesuffix("_case"))
print("abc".removeprefix("x"), "abc".removesuffix(""))
