# print with an empty star-argument, empty strings and custom separators.
print(*[], sep="x")
print("", "")
print("a", "", "b", sep="|")
print(*range(3), sep="\n", end="\n--\n")
print("line1\nline2", end="")
print()
print(1, 2, sep="")
