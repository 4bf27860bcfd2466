# A user-defined exception hierarchy caught at different levels.
class AppError(Exception):
    pass


class DbError(AppError):
    pass


class ConnError(DbError):
    pass


for exc in (ConnError("down"), DbError("locked"), AppError("generic"), KeyError("k")):
    try:
        try:
            raise exc
        except DbError as e:
            print("db level:", type(e).__name__, e)
    except AppError as e:
        print("app level:", type(e).__name__, e)
    except Exception as e:
        print("other:", type(e).__name__)
