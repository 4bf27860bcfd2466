# A class body runs once, top to bottom, when the class statement executes.
print("before class")


class Config:
    print("in class body")
    values = []
    for i in range(3):
        values.append(i * i)
    total = sum(values)
    if total > 3:

        def describe(self):
            return "big"

    else:

        def describe(self):
            return "small"


print("after class", Config.values, Config.total, Config().describe())
