# A recursive serializer for nested built-in values.
def dump(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dump(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(dump(str(k)) + ":" + dump(x) for k, x in v.items()) + "}"
    raise TypeError(type(v).__name__)


print(dump({"a": [1, 2.5, None, True], "b": {"c": 'q"uote'}, "d": (), 3: "x"}))
try:
    dump({1, 2})
except TypeError as e:
    print("TypeError", e)
