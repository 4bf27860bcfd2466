# Building and searching long strings.
s = "abc" * 100000
print(len(s), s.count("abc"), s.find("cab"), s.rfind("abc"), s[150000:150006])
t = "-".join(str(i) for i in range(10000))
print(len(t), t[:20], t[-20:], t.count("-"))
parts = t.split("-")
print(len(parts), parts[9999], "".join(parts[:12]))
print(("x" * 1000 + "y").find("y"), ("ab" * 5000).replace("ab", "c")[:5])
