# Using a list as a stack and as a simple queue.
stack = []
for i in range(5):
    stack.append(i)
print(stack.pop(), stack.pop(), stack)
queue = list("abc")
queue.append("d")
print(queue.pop(0), queue.pop(0), queue)
