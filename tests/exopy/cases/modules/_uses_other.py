# Helper module that itself imports another helper module.
import _shapes


def double_area(w, h):
    return 2 * _shapes.area(w, h)


NAME = __name__
