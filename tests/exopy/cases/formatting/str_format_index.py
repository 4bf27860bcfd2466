# str.format auto-numbering and mixing errors.
print("{}{}{}".format(1, 2, 3))
try:
    "{}{1}".format(1, 2)
except ValueError:
    print("ValueError")
try:
    "{2}".format(1)
except IndexError:
    print("IndexError")
try:
    "{k}".format(j=1)
except KeyError as e:
    print("KeyError", e)
