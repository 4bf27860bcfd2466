# Class attributes are shared until an instance shadows them.
class Counter:
    count = 0
    tags = []

    def __init__(self):
        Counter.count += 1


a = Counter()
b = Counter()
print(Counter.count, a.count, b.count)
a.count = 99
print(Counter.count, a.count, b.count)
a.tags.append("shared")
print(b.tags, Counter.tags)
