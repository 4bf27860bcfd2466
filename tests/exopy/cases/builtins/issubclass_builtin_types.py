# issubclass among built-in types.
print(issubclass(bool, int), issubclass(int, bool), issubclass(int, object))
print(issubclass(list, (tuple, list)), issubclass(str, (int, float)))
try:
    issubclass(1, int)
except TypeError:
    print("TypeError")
