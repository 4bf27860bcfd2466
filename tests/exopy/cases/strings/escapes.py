# Escape sequences in string literals.
print("tab\there", "new\\nline", "quote's", 'dq"s')
print(len("\n\t\\\x41\u00e9\U0001f600"), "\x41\u00e9")
print(r"raw\n", len(r"\n"))
print("\101\102")
