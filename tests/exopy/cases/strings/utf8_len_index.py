# len and indexing count code points, not bytes.
s = "héllo wörld €😀"
print(len(s), s[1], s[7], s[-1], s[-2])
print(s[::-1])
print(s.upper())
print(len(s.encode("utf-8")))
