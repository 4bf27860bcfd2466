# startswith/endswith with strings, tuples and ranges.
s = "filename.tar.gz"
print(s.startswith("file"), s.endswith(".gz"), s.endswith((".zip", ".gz")))
print(s.startswith("name", 4), s.endswith("tar", 0, 12), s.startswith(""))
print("".startswith(""), "a".endswith("ab"))
