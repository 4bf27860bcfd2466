# The as-target gets __enter__'s return value, not the manager itself.
class Manager:
    def __enter__(self):
        return {"opened": True}

    def __exit__(self, *exc):
        return False


m = Manager()
with m as value:
    print(value, value is m, type(value).__name__)
with Manager() as (a):
    print(a["opened"])


class SelfReturning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


s = SelfReturning()
with s as t:
    print(t is s)
