# An uncaught user-defined exception also exits with status 1.
class Custom(Exception):
    pass


for i in range(3):
    print("step", i)
    if i == 1:
        raise Custom("stop")
