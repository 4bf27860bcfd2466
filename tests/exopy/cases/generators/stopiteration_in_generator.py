# A StopIteration escaping a generator body becomes RuntimeError (PEP 479).
def first_of_each(iterables):
    for it in iterables:
        yield next(iter(it))


print(list(first_of_each(["ab", [1, 2]])))
try:
    print(list(first_of_each(["ab", [], "cd"])))
except RuntimeError as e:
    print("RuntimeError", type(e.__cause__).__name__)


def safe(iterables):
    for it in iterables:
        value = next(iter(it), None)
        if value is None:
            return
        yield value


print(list(safe(["ab", [], "cd"])))
