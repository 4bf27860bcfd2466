# Division by zero raises ZeroDivisionError for //, % and /.
for op in ("//", "%", "/"):
    try:
        if op == "//":
            1 // 0
        elif op == "%":
            1 % 0
        else:
            1 / 0
    except ZeroDivisionError as e:
        print(op, type(e).__name__)
try:
    divmod(5, 0)
except ZeroDivisionError:
    print("divmod ZeroDivisionError")
