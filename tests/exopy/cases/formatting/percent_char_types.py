# %c, %i and %s/%r with various argument types.
print("%c%c%c" % (72, "i", 33), "%i" % 42, "%5.1f%%" % 99.55)
print("%s %r %s" % (None, "s", [1, "a"]), "%s" % (1.0,), "%d" % True)
print("%-6s|%6s|" % ("ab", "cd"), "%.3s" % "abcdef", "%x" % -255)
