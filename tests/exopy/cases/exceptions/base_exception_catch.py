# except Exception does not catch SystemExit; except BaseException does.
try:
    try:
        raise SystemExit(3)
    except Exception:
        print("not here")
except BaseException as e:
    print(type(e).__name__, e.code, e.args)
try:
    raise KeyboardInterrupt
except BaseException as e:
    print(type(e).__name__, isinstance(e, Exception))
