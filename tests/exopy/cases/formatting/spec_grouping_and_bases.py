# Grouping separators with bases and floats, and alternate forms.
print(f"{0xDEADBEEF:_x} {0b101010101:_b} {1234567.891:_.2f} {-1234567:,}")
print(f"{255:#X} {255:#06x} {-255:#x} {0:#b} {8:#o}")
print("%#X %-+5d| %5.1s| %+.3e" % (255, 7, "abc", -12345.678))
print("{0!s:>5}|{0!r:<6}|{1:^7.2f}|".format("ab", 3.14159))
