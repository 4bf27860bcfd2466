# return outside a function is a compile-time SyntaxError: exit 1, no output.
print("must not be printed")
return 5
