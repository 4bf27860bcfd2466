# str.format with positional, numbered and named fields.
print("{} + {} = {}".format(1, 2, 3))
print("{1} {0} {1}".format("a", "b"))
print("{name} is {age}".format(name="Ann", age=30))
print("{{literal}} {}".format("x"))
print("{0[1]} {1[k]}".format([10, 20], {"k": "v"}))
