# An exception class can override __str__.
class Oops(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

    def __str__(self):
        return f"oops #{self.code}"


try:
    raise Oops(7)
except Oops as e:
    print(e, e.args, e.code, f"{e}")
