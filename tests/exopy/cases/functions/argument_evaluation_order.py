# Arguments are evaluated left to right, before the call.
order = []


def arg(x):
    order.append(x)
    return x


def f(*args, **kw):
    return args, kw


print(f(arg(1), arg(2), k=arg(3)))
print(order)
