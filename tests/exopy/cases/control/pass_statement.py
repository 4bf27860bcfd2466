# pass as a placeholder body everywhere it is allowed.
def f():
    pass


class C:
    pass


for _ in range(2):
    pass
if True:
    pass
while False:
    pass
print(f(), type(C()).__name__)
