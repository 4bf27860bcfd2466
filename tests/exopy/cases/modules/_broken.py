# Helper module that raises while being imported.
LOADED_PART = True
raise ValueError("broken on purpose")
