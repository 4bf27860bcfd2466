# User-defined exceptions with extra attributes, caught by base class.
class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key):
        super().__init__(f"no such key: {key}")
        self.key = key


try:
    raise NotFound("x")
except AppError as e:
    print(type(e).__name__, e, e.key, e.args, isinstance(e, NotFound))
try:
    raise AppError
except Exception as e:
    print(type(e).__name__, e.args, repr(str(e)))
