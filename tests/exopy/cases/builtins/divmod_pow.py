# divmod and pow as built-ins.
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(2**70, 3))
print(divmod(7.0, 2), divmod(-7, 2.0))
print(pow(2, 8), pow(2, -2), pow(2.5, 2), pow(5, 3, 7), pow(-1, 0))
try:
    pow(2, -1, 0)
except ValueError:
    print("ValueError")
