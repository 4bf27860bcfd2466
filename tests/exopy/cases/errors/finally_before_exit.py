# finally blocks run before an uncaught exception ends the script.
def work():
    try:
        print("working")
        return {}["missing"]
    finally:
        print("cleanup")


work()
