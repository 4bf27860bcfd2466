# printf-style % formatting with one value and with tuples.
print("%d items" % 5)
print("%s and %s" % ("a", "b"))
print("%r" % "q", "%s" % [1, 2])
print("%d%%" % 50)
print("%s" % (1,), "%s" % ((1, 2),))
