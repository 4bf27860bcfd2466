# An exception escaping from a generator ends the script with status 1.
def gen():
    yield 1
    yield 1 // 0


for v in gen():
    print("got", v)
