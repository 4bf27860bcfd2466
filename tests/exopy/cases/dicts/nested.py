# Nested dictionaries and lists of dicts.
db = {"users": [{"name": "a", "tags": ["x"]}, {"name": "b", "tags": []}]}
db["users"][1]["tags"].append("y")
print(db)
print([u["name"] for u in db["users"] if u["tags"]])
db["meta"] = {"count": len(db["users"])}
print(db["meta"]["count"])
