# A module's top level runs once however often it is imported; state is shared.
import _counter

print(_counter.bump())
import _counter as c2

print(c2.bump(), _counter.value, c2 is _counter)
from _counter import bump

print(bump(), _counter.value)
