# A round-robin scheduler over generator tasks.
def task(name, steps):
    for i in range(steps):
        yield f"{name}{i}"


def run(tasks):
    queue = list(tasks)
    trace = []
    while queue:
        t = queue.pop(0)
        step = next(t, None)
        if step is not None:
            trace.append(step)
            queue.append(t)
    return trace


print(run([task("a", 3), task("b", 1), task("c", 2)]))
