# A table-driven state machine recognising signed decimal numbers.
TABLE = {
    ("start", "sign"): "signed",
    ("start", "digit"): "int",
    ("signed", "digit"): "int",
    ("int", "digit"): "int",
    ("int", "dot"): "dot",
    ("dot", "digit"): "frac",
    ("frac", "digit"): "frac",
}


def kind(ch):
    return "digit" if ch.isdigit() else "sign" if ch in "+-" else "dot" if ch == "." else "other"


def accepts(s):
    state = "start"
    for ch in s:
        state = TABLE.get((state, kind(ch)))
        if state is None:
            return False
    return state in ("int", "frac")


for s in ("42", "-3.14", "+", "1.", ".5", "12a", "", "007.700"):
    print(repr(s), accepts(s))
