# break outside a loop is a compile-time SyntaxError: exit 1, no output.
print("must not be printed")
if True:
    break
