# raise ... from sets __cause__; implicit chaining sets __context__.
class ConfigError(Exception):
    pass


def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise ConfigError("bad number") from e


try:
    parse("x")
except ConfigError as e:
    print(e, type(e.__cause__).__name__, e.__cause__ is e.__context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k")
except KeyError as e:
    print(repr(e), type(e.__context__).__name__, e.__cause__)
