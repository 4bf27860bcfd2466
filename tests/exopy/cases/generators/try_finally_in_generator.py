# try/finally and try/except inside a generator body.
def g():
    try:
        yield 1
        yield 2
    finally:
        print("cleanup")
    try:
        yield int("x")
    except ValueError:
        yield "caught"


print(list(g()))
