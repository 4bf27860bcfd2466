# A bare raise re-raises the exception being handled.
def risky():
    try:
        [].pop()
    except IndexError:
        print("logged")
        raise


try:
    risky()
except IndexError as e:
    print("outer caught", type(e).__name__, e)
