# Assigning to a keyword is rejected at compile time: exit 1, no output.
print("must not be printed")
None = 5
