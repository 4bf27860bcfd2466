# isdigit, isalpha, isspace and friends on bytes.
for b in (b"123", b"abc", b"  ", b"", b"a1"):
    print(b, b.isdigit(), b.isalpha(), b.isspace(), b.isalnum())
