# continue or break in a finally block discards the exception that was propagating.
def with_continue():
    caught = []
    for i in range(3):
        try:
            try:
                raise ValueError(i)
            finally:
                if i < 2:
                    continue
        except ValueError as e:
            caught.append(e.args[0])
    return caught


def with_break():
    for i in range(3):
        try:
            raise KeyError(i)
        finally:
            break
    return f"stopped at {i}"


print(with_continue(), with_break())
