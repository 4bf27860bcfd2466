# bool() of user objects uses __len__.
class Empty:
    def __len__(self):
        return 0


class Full:
    def __len__(self):
        return 3


class Plain:
    pass


print(bool(Empty()), bool(Full()), bool(Plain()))
print("yes" if Full() else "no", "yes" if Empty() else "no", not Empty())
