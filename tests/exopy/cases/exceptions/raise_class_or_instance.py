# raise accepts a class or an instance; raising a non-exception is a TypeError.
for thing in (ValueError, ValueError("inst"), IndexError):
    try:
        raise thing
    except Exception as e:
        print(type(e).__name__, e.args)
try:
    raise 42
except TypeError:
    print("TypeError")
