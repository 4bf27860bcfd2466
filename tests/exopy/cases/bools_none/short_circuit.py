# and/or evaluate their right operand only when needed.
calls = []


def t(name, val):
    calls.append(name)
    return val


print(t("a", False) and t("b", True))
print(t("c", True) or t("d", True))
print(t("e", 0) or t("f", 2) and t("g", 3))
print(calls)
