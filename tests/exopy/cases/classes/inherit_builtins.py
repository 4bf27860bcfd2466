# Subclassing list and dict keeps their behaviour.
class Stack(list):
    def push(self, x):
        self.append(x)

    def peek(self):
        return self[-1]


s = Stack()
s.push(1)
s.push(2)
print(s, len(s), s.peek(), isinstance(s, list))


class DefaultDict(dict):
    def get_or(self, k):
        return self[k] if k in self else "missing"


d = DefaultDict(a=1)
print(d.get_or("a"), d.get_or("b"), d)
