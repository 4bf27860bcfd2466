# repr chooses quotes and escapes control characters.
for s in ("plain", "it's", 'say "hi"', "both ' and \"", "tab\t", "nl\n", "\\", "é", "\x00\x7f"):
    print(repr(s))
print([("a", "b'")])
