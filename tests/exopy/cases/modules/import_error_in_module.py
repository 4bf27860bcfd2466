# An exception raised while importing propagates to the importer.
try:
    import _broken  # noqa: F401
except ValueError as e:
    print("ValueError", e)
try:
    import _missing_helper  # noqa: F401
except ImportError as e:
    print(type(e).__name__)
