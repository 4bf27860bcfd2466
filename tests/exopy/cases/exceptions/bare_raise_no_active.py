# A bare raise with no exception being handled is a RuntimeError.
def reraise():
    raise


try:
    reraise()
except RuntimeError as e:
    print(type(e).__name__)
try:
    try:
        raise ValueError("inner")
    except ValueError:
        pass
    reraise()
except RuntimeError:
    print("RuntimeError again: the handled exception is gone")
