# continue or break in a finally block cancels a pending return (and discards its value).
def with_continue():
    for i in range(10):
        try:
            return i
        finally:
            if i < 2:
                continue
    return "loop ended"


def with_break():
    for i in range(3):
        try:
            return "from try"
        finally:
            break
    return "after break"


def nested(n):
    out = []
    while n:
        n -= 1
        try:
            try:
                return out
            finally:
                out.append(n)
        finally:
            if n % 2:
                continue
    return "drained"


print(with_continue(), with_break(), nested(4), nested(1))
