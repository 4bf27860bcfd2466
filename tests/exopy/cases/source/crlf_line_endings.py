# A source file with CRLF line endings, also inside a triple-quoted string.
x = 1
if x:
    print("crlf ok", x)
s = """a
b"""
print(repr(s), len(s))
