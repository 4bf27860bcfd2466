# upper, lower, capitalize, title, swapcase.
s = "hello World 42"
print(s.upper(), s.lower())
print(s.capitalize(), s.title(), s.swapcase())
print("ÉCOLE".lower(), "straße".upper())
