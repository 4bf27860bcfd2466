# A long line and output without a final newline are flushed at exit.
print("x" * 100000)
print("y" * 70000, end="")
print()
print("last line without newline", end="")
