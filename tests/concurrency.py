"""Run functions at the same instant in real threads, each with its own database connection."""

import threading

from django.db import close_old_connections, connection


def run_together(functions, *, refusals=()):
    """Release every function at once; return their results in completion order.

    Exceptions of the types in `refusals` (a service saying "no") are returned as results;
    any other exception is re-raised in the calling thread after all threads end.
    """
    barrier = threading.Barrier(len(functions))
    results, errors = [], []
    lock = threading.Lock()

    def wrap(func):
        try:
            barrier.wait()
            value = func()
        except tuple(refusals) as refused:
            value = refused
        except Exception as exc:  # collected and re-raised in the main thread
            errors.append(exc)
            return
        finally:
            close_old_connections()
            connection.close()
        with lock:
            results.append(value)

    threads = [threading.Thread(target=wrap, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
