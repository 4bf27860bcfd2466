# global inside a nested function binds the module name, not the enclosing one.
value = "module"


def outer():
    value = "enclosing"

    def inner():
        global value
        value = "changed by inner"

    inner()
    return value


print(outer(), value)
