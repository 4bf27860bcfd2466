# return value is fixed before finally runs; continue and break work inside finally.
def f():
    x = 1
    try:
        return x
    finally:
        x = 2
        print("finally sees", x)


print(f())
out = []
for i in range(4):
    try:
        if i == 2:
            raise ValueError
        out.append(i)
    except ValueError:
        out.append("err")
    finally:
        if i == 1:
            continue
        out.append(f"f{i}")
print(out)
