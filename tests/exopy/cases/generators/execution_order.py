# Generator bodies run only between next() calls.
def gen():
    print("start")
    yield 1
    print("middle")
    yield 2
    print("end")


g = gen()
print("created")
print(next(g))
print(next(g))
print(list(g))
