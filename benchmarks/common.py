"""What the in-process benchmarks (P2, P3, P4) share: timing and the command line."""

import argparse
import time


def best_of_interleaved(fns, repeat, clock=time.process_time):
    """Best time of each function, alternating them so that the noise of a
    shared machine hits all of them alike.

    The clock is the CPU time of this process (the functions are
    single-threaded and do no I/O): on 2 cores shared by a dozen jobs the
    wall clock mostly measures the others' time slices."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = clock()
            fn()
            best[i] = min(best[i], clock() - t0)
    return best


def command_line(doc, run, count, repeat, describe, argv=None):
    """Parse ``--count``/``--repeat``, run, print ``describe(result)``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--count", type=int, default=count)
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args(argv)
    result = run(args.count, args.repeat)
    print(describe(result))
    return result
