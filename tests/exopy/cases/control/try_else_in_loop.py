# continue in except, break in else, and finally on every path inside a loop.
def f2():
    out = []
    for i in range(4):
        try:
            if i % 2:
                raise ValueError(i)
        except ValueError:
            out.append("exc")
            continue
        else:
            out.append("else")
            if i == 2:
                break
        finally:
            out.append(f"fin{i}")
    else:
        out.append("no break")
    return out


print(f2())
