# str.encode and bytes.decode with UTF-8.
s = "naïve €"
b = s.encode()
print(b, len(b), b.decode() == s)
print("abc".encode("ascii"), b"\xc3\xa9".decode("utf-8"))
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print(type(e).__name__, isinstance(e, ValueError))
