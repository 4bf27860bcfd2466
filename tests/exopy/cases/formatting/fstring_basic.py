# f-strings with names, expressions, calls and nested quotes.
name = "Ann"
n = 3
print(f"hi {name}, {n + 1} items")
print(f"{name.upper()} {len(name)} {[n] * 2}")
print(f"{'quoted'} {n if n > 2 else 0}")
print(f"{{braces}} {n}")
d = {"k": 5}
print(f"{d['k']}")
