# Forwarding *args and **kwargs through wrappers keeps names and order.
def target(a, b, *rest, c=3, **extra):
    return f"a={a} b={b} rest={rest} c={c} extra={extra}"


def forward(*args, **kwargs):
    return target(*args, **kwargs)


print(forward(1, 2))
print(forward(1, 2, 3, 4, c=5, z=6, y=7))
print(forward(b=2, a=1))
try:
    forward(1, a=1, b=2)
except TypeError:
    print("TypeError: multiple values")
