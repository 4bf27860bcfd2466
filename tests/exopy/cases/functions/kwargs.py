# **kwargs collects extra keyword arguments into a dict, in call order.
def opts(**kw):
    return kw


print(opts(), opts(b=1, a=2), type(opts()).__name__)


def mixed(a, *args, flag=False, **kw):
    return a, args, flag, kw


print(mixed(1, 2, 3, flag=True, x=1))
print(mixed(0, y=2))
