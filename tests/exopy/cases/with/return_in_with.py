# return and break inside with still run __exit__.
class Noisy:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0])


def f():
    with Noisy():
        return "returned"


print(f())
for i in range(3):
    with Noisy():
        if i == 1:
            break
print("done", i)
