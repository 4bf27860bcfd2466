# Local and global names can shadow built-ins; deleting the global brings the built-in back.
def local_shadow():
    list = [1, 2]
    len = "not a function"
    return list, len


print(local_shadow(), list("ab"), len("abc"))
str = "shadowed"
print(str)
del str
print(str(42), type(str(1)).__name__)  # noqa: F821


def uses_global_max():
    return max  # noqa: F821


max = min
print(uses_global_max()([3, 1, 2]))
del max
print(uses_global_max()([3, 1, 2]))
