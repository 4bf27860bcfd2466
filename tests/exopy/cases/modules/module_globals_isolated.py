# Module globals are separate from the script's globals.
import _counter

value = "script value"
_counter.bump()
print(value, _counter.value)
_counter.value = 100
print(_counter.bump(), value)
