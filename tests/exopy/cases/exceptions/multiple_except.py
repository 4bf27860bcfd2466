# Several except clauses and tuples of exception types.
def classify(f):
    try:
        f()
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except ZeroDivisionError:
        return "math"
    except Exception as e:
        return "other " + type(e).__name__
    return "ok"


print(classify(lambda: {}[1]), classify(lambda: [][0]), classify(lambda: 1 / 0))
print(classify(lambda: int("z")), classify(lambda: 0))
