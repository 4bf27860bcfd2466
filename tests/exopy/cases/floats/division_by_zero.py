# Float division and modulo by zero raise ZeroDivisionError.
for a, b in ((1.0, 0.0), (1, 0.0), (0.0, 0), (-2.5, 0.0)):
    try:
        print(a / b)
    except ZeroDivisionError:
        print("ZeroDivisionError")
try:
    print(5.0 % 0.0)
except ZeroDivisionError:
    print("ZeroDivisionError for %")
