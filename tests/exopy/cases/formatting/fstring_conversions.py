# !r, !s conversions in f-strings.
s = "tab\there"
print(f"{s!r} {s!s}")
print(f"{'x'!r:>6}")
print(f"{[1, 'a']!s}")
