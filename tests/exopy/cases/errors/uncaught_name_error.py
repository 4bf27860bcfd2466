# An undefined name at top level exits with status 1.
print("start")
print(undefined_variable)  # noqa: F821
