"""Start-up hook for tests/test_ep10_asyncio.py: refuse every connection not to 127.0.0.1.

Python's audit hooks see each socket.connect() and getaddrinfo() before it
happens.  This one lets through Unix sockets (multiprocessing uses them) and
127.0.0.1, and ends the process with status 99 and a line on stderr for
anything else, so an example that tried to reach another host, or a proxy
from the environment, fails its test.  Every process the example starts
imports this file too, because PYTHONPATH is inherited.
"""
import os
import sys

ALLOWED = {"127.0.0.1", None}


def _refuse(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None
    elif event == "socket.getaddrinfo":
        host = args[0]
        host = host.decode() if isinstance(host, bytes) else host
    else:
        return
    if host not in ALLOWED:
        sys.stderr.write(f"no_network: refused a connection to {host!r}\n")
        sys.stderr.flush()
        os._exit(99)


sys.addaudithook(_refuse)
