# Helper module for the import cases (not a case itself): functions, a class and state.
PI_ISH = 3
created = []


def area(w, h):
    return w * h


class Rect:
    def __init__(self, w, h):
        self.w, self.h = w, h
        created.append(self)

    def area(self):
        return area(self.w, self.h)
