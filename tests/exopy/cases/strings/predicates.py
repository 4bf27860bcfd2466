# isdigit, isalpha, isalnum, isspace, isupper, islower.
for s in ("123", "abc", "abc123", "   ", "", "ABC", "aBc", "12.5", "\t\n"):
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isspace(), s.isupper(), s.islower())
