# % formatting with a mapping.
print("%(name)s is %(age)d" % {"name": "Bo", "age": 7})
print("%(x).1f" % {"x": 2.25})
