"""What making an httpx client costs: its own certificates, or one TLS context shared.

Every httpx client makes an SSL context and loads the certificate store into
it (certifi's, to check https:// servers), even when it will only ask for
http:// addresses, which need no certificates.  That is processor time on
every client.  fetch_three_ways.py gives each of its 100 asyncio tasks a
client of its own, so it loads the store once, with httpx.create_ssl_context(),
and hands the same context to every client (verify=TLS).
"""
import argparse
import statistics
import timeit

import httpx
from local_server import at_least_one


# start-listing
def make_clients(count, verify=True):
    for _ in range(count):
        httpx.AsyncClient(trust_env=False, verify=verify)  # never used: only made


def compare(count):
    tls = httpx.create_ssl_context()  # the certificates, loaded once
    own = statistics.median(timeit.repeat(lambda: make_clients(count), number=1, repeat=3))
    shared = statistics.median(timeit.repeat(lambda: make_clients(count, tls), number=1, repeat=3))
    return own, shared
# end-listing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=at_least_one, default=20,
                        help="clients to make (default: %(default)s)")
    args = parser.parse_args()
    own, shared = compare(args.clients)
    print(f"Made {args.clients} clients, three times each way (median of 3)")
    print(f"Time, each client loading certificates: {own * 1000:.1f} ms")
    print(f"Time, one TLS context shared: {shared * 1000:.1f} ms")


if __name__ == "__main__":
    main()
