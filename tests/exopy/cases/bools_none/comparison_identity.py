# is/is not on None, True and False, and == between them.
print(None is None, True is not False, None == False, False == 0)
vals = [None, False, 0, True, 1]
print([v is None for v in vals])
print([v == 0 for v in vals])
