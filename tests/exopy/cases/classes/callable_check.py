# callable() on classes, instances, functions and methods.
class K:
    def m(self):
        return 1


k = K()
print(callable(K), callable(k), callable(k.m), callable(len), callable(lambda: 0))
print(callable(1), callable("s"), callable(None))
