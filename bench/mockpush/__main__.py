"""Run the mock push service in its own process:

    .venv/bin/python -m bench.mockpush --port 8765 --seed SEED [--decrypt-every 100] [--vapid-key K] [--latency-ms 0]

Writes "ready <origin>" on stdout once it listens; GET /_stats for the figures.
"""
import argparse
import asyncio
import contextlib
import sys

from .server import MockPushState, serve


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", default="", help="serve derived subscriptions /push/d<n> with keys from this seed")
    parser.add_argument("--decrypt-every", type=int, default=100, help="decrypt every n-th derived message")
    parser.add_argument("--vapid-key", default="", help="the applicationServerKey derived subscriptions were made with")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="answer each push this much later (a round trip)")
    args = parser.parse_args()
    state = MockPushState(seed=args.seed, decrypt_every=args.decrypt_every, vapid_key=args.vapid_key,
                          latency=args.latency_ms / 1000)

    async def run() -> None:
        server = await serve(state, args.host, args.port)
        print(f"ready {state.origin}", flush=True)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C or the bench stopping it: a normal end
        asyncio.run(run())
    return 0


if __name__ == "__main__":
    sys.exit(main())
