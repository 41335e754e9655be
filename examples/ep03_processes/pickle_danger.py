"""Never unpickle data you do not trust: loading a pickle can run any code.

A pickle is not just data: it is a little program that tells pickle.loads()
how to rebuild objects, and it may say "call this function with these
arguments".  Whoever wrote the bytes chooses the function.  Here a class asks,
through __reduce__, to be rebuilt by calling print(); the receiving side only
calls pickle.loads(), and print() runs.  The same bytes could name
os.system or shutil.rmtree instead.  Use pickle only between your own
processes; for data from elsewhere use a format that only holds data, such
as JSON.
"""
import argparse
import json
import pickle


# start-listing
class Surprise:
    def __reduce__(self):
        # "To rebuild me, call print with this argument": any callable would do.
        return (print, ("This line was printed by pickle.loads(), not by the receiver's code.",))


def send_and_receive():
    data = pickle.dumps(Surprise())
    named = all(word in data for word in (b"builtins", b"print"))
    print(f"The sender made {len(data)} bytes; they name builtins.print: {'yes' if named else 'no'}")
    print("The receiver calls pickle.loads() on them:")
    result = pickle.loads(data)       # runs print(...) while loading
    print(f"pickle.loads() returned {result!r}, not a Surprise object")

    # JSON can only hold data (numbers, strings, lists, dicts): loading it runs nothing.
    text = json.dumps({"darts": 1000, "hits": 785})
    print(f"json.loads() of {text} gives back only data: {json.loads(text)}")
# end-listing


def main():
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    send_and_receive()


if __name__ == "__main__":
    main()
