# Triple-quoted strings keep newlines; adjacent literals concatenate.
s = """line one
line two"""
print(s)
print(len(s.splitlines()))
t = "abcdefghi"
print(t)
u = "first second"
print(u)
