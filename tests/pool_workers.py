"""Functions for worker-pool tests; a module of their own so worker processes can import them."""

import time


def sleep_then_echo(item):
    seconds, value = item
    time.sleep(seconds)
    return value


def allocate_mb(mb):
    return len(bytearray(mb * 1024 * 1024))


def fail(_):
    raise ValueError("bad input")
