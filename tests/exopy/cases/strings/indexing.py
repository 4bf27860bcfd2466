# Positive and negative indexing and IndexError.
s = "python"
print(s[0], s[5], s[-1], s[-6])
try:
    s[6]
except IndexError as e:
    print("IndexError")
try:
    s[-7]
except IndexError:
    print("IndexError negative")
