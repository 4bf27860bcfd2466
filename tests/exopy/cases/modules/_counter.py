# Helper module that prints when it is first imported, to show imports run once.
print("importing _counter")
value = 0


def bump():
    global value
    value += 1
    return value
