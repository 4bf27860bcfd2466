# % with a single tuple argument, nested tuples and literal percent signs.
t = (1, 2)
print("%s" % (t,), "%s-%s" % t, "%d%%" % 3, "100%%" % ())
print("%s" % [1, 2], "%s" % {"k": 1}, "%(a)s%%" % {"a": 50})
try:
    print("%s" % t)
except TypeError:
    print("TypeError: not all arguments converted")
