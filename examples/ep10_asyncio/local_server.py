"""A small HTTP server on 127.0.0.1 for episode 10: every request waits, then answers.

    GET /square?n=7             waits, then answers {"n": 7, "square": 49}
    GET /square?n=7&delay=2     waits 2 seconds instead of the server's delay
    GET /fail?n=7               waits, then answers with status 500

The standard library's ThreadingHTTPServer handles each connection in a
thread of its own, so a hundred clients at once are a hundred threads, each
sleeping through its delay.  It runs in a process of its own, as a real
server would, so it does not share the client's GIL; but it runs on the same
computer, so the processor time it needs per request comes from the same
cores as the client's.  It counts how many requests it is handling at the
same moment, and the most it has seen.
It listens on 127.0.0.1 only, on a port the operating system picks, so
nothing outside this computer can reach it.  The examples import it; it is
not run alone.
"""
import argparse
import contextlib
import json
import multiprocessing
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class DelayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep a connection open for the next request
    disable_nagle_algorithm = True  # send each small answer at once, do not hold it back
    wbufsize = -1                   # headers and body leave in one piece

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        n = int(query.get("n", ["0"])[0])
        delay = float(query.get("delay", [self.server.delay])[0])
        with self.server.counting():
            time.sleep(delay)  # stands in for a slow database, disk or remote service
        if url.path == "/square":
            status, body = 200, {"n": n, "square": n * n}
        elif url.path == "/fail":
            status, body = 500, {"n": n, "error": "this request fails on purpose"}
        else:
            status, body = 404, {"error": f"no such path: {url.path}"}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # one line per request would drown the examples' output


class DelayServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # room for a hundred clients connecting at once

    def __init__(self, delay):
        super().__init__(("127.0.0.1", 0), DelayHandler)  # port 0: any free port
        self.delay = delay
        self.active = self.most = 0
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        pass  # a client that closes its connection early is not news

    @contextlib.contextmanager
    def counting(self):
        with self.lock:
            self.active += 1
            self.most = max(self.most, self.active)
        try:
            yield
        finally:
            with self.lock:
                self.active -= 1


def serve(delay, connection):
    """In the server's process: serve until the parent asks to stop, then report."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the client to handle
    server = DelayServer(delay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    connection.send(server.server_address[1])
    connection.recv()  # any message, or the parent's end, means stop
    server.shutdown()
    server.server_close()
    connection.send({"most at once": server.most})


@contextlib.contextmanager
def running_server(delay=0.02):
    """Start the server in its own process; give its address and a report at the end.

        with running_server(0.02) as (base, report):
            ...  # send requests to base, such as "http://127.0.0.1:38217"
        print(report["most at once"])

    It yields two things: the server's address (a str, for httpx's base_url)
    and a report (a dict), filled in when the with block ends: "most at once"
    is the most requests the server handled at the same moment.
    """
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.Process(target=serve, args=(delay, child), daemon=True)
    process.start()
    report = {}
    try:
        port = parent.recv()
        yield f"http://127.0.0.1:{port}", report
    finally:
        if process.is_alive():
            parent.send("stop")
            if parent.poll(10):
                report.update(parent.recv())
        process.join(5)
        if process.is_alive():
            process.terminate()
            process.join()


def at_least_one(text):
    """argparse type for the examples: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def not_negative(text):
    """argparse type for the examples: a number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value
