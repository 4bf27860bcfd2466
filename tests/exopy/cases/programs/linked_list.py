# A singly linked list class with iteration, length and reversal.
class Node:
    def __init__(self, value, next=None):
        self.value, self.next = value, next


class LinkedList:
    def __init__(self, items=()):
        self.head = None
        for item in reversed(list(items)):
            self.head = Node(item, self.head)

    def __iter__(self):
        node = self.head
        while node:
            yield node.value
            node = node.next

    def __len__(self):
        return sum(1 for _ in self)

    def reverse(self):
        prev, node = None, self.head
        while node:
            node.next, prev, node = prev, node, node.next
        self.head = prev

    def __repr__(self):
        return "LinkedList(" + " -> ".join(map(repr, self)) + ")"


ll = LinkedList([1, "two", 3.0])
print(ll, len(ll))
ll.reverse()
print(ll, list(ll), len(LinkedList()))
