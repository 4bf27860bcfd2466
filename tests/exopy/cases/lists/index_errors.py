# Out-of-range list access messages.
a = [1, 2, 3]
try:
    a[3]
except IndexError as e:
    print("IndexError:", e)
try:
    a[-4] = 0
except IndexError:
    print("IndexError on assignment")
try:
    a["0"]
except TypeError:
    print("TypeError")
