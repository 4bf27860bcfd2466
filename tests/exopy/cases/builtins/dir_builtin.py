# dir lists user attributes and methods (only membership is compared).
class K:
    cls_attr = 1

    def method(self):
        pass


k = K()
k.inst = 2
names = dir(k)
print("cls_attr" in names, "method" in names, "inst" in names, "missing" in names)
print("append" in dir([]), "upper" in dir("s"), "keys" in dir({}))
print(names == sorted(names))
