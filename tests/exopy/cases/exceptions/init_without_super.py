# An exception whose __init__ skips super() still records the constructor arguments.
class E(Exception):
    def __init__(self, code, detail="none"):
        self.code = code
        self.detail = detail


try:
    raise E(404, detail="missing")
except E as e:
    print(e.code, e.detail, e.args, isinstance(e, Exception))
