"""How the computation is carried out (never what it computes): sizes from which work goes to
compiled code or to threads. None of these changes a result; they are here, not in the
rules, because they are not behavioural numbers (`tests/test_loop.py`).

Threaded loops (the ``*_parallel`` kernels of `model.rules._kernels`, `_yearly`, `_yearend`,
`_plan` and `cadresim.keyed`), chosen by a hook where `threads_for` gives more than one
thread: the serial loop's body over a range (``_…_range``) run over numba's threads
(`prange`) in pieces of about `PARALLEL_CHUNK` (`piece`) — villages in pieces of that many,
townships or counties whole, cut where they start. A village's keyed numbers are addressed
by (block, element, slot), not by the thread; counts are integer sums per piece added
afterwards, and float sums stay within a whole township or county (or on one thread after
the loop), so the results are the same bits on any number of threads
(`tests/test_threads.py`, `tests/test_threads_year.py`) — and on any cut into pieces, which
is why `piece` may size them to the thread count."""

from __future__ import annotations

import os
import warnings

import numba

BATCH_BLOCKS = 256  # replicates held as blocks of one array world, at most (`cadresim.batch`)
BATCH_VILLAGES = 200_000  # villages of one such world, at most (memory: ≈ 1 KB a village)
PAIRWISE_BLOCK = 128  # numpy's pairwise summation: blocks of this many are summed with 8 running sums
PAIRWISE_STACK = 128  # depth of the explicit stack that reproduces its halving (2 a level: 2⁶⁴ values)
PARALLEL_MIN = 20_000  # elements from which a threaded loop (`threads`) may be split over threads
PARALLEL_CHUNK = 2048  # elements per piece of that work, about (`piece`; 4096 cut a province's 25,000 villages into 7 pieces: too coarse to share evenly)


def threads() -> int:
    """Threads for the threaded loops (above): ``CADRESIM_THREADS`` (default 1, at most numba's
    NUMBA_NUM_THREADS). Opt-in: on a machine whose cores are busy with other work a threaded
    loop waits for its slowest thread (measured: 20× slower at 5 runnable processes a core);
    the results are the same bits whatever the count (`tests/test_threads.py`)."""
    raw = os.environ.get("CADRESIM_THREADS", "1")
    try:
        n = int(raw)
    except ValueError:
        warnings.warn(f"CADRESIM_THREADS={raw!r} is not a whole number; using 1 thread", stacklevel=2)
        return 1
    return max(1, min(n, numba.config.NUMBA_NUM_THREADS))


def set_threads(n: int) -> int:
    """Threads for this process's threaded loops from now on (the CLI's ``--threads``; in a
    notebook, ``cadresim.set_threads(2)``): sets ``CADRESIM_THREADS``, which `threads` reads
    and sweep workers started later inherit (on one thread if forked after a threaded loop
    ran here: `pool_started`). Returns the number that will be used: `n`, at
    most numba's NUMBA_NUM_THREADS (this machine's cores unless set). The results are the
    same bits whatever the number."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"threads: expected a whole number of at least 1, got {n!r}")
    os.environ["CADRESIM_THREADS"] = str(n)
    return threads()


def piece(elements: int) -> int:
    """Elements per piece of a threaded loop over `elements`: about `PARALLEL_CHUNK`, with as
    many pieces as a multiple of the threads, so that each thread gets the same share
    (static scheduling). A province's 25,000 villages on two threads: 14 pieces of 1,786, not
    12 of 2,048 and one of 424, which left one thread with a piece more (measured: 72 against
    79 ns a village-month). The pieces never change a result (module docstring)."""
    k = threads()
    pieces = -(-max(elements, 1) // PARALLEL_CHUNK)
    pieces = -(-pieces // k) * k
    return max(1, -(-elements // pieces))


_most_used = 1  # the most threads a loop of this process was given (`threads_used`)


def threads_for(elements: int) -> int:
    """Threads for a loop over `elements` (1 below `PARALLEL_MIN`); numba is set to use them."""
    global _most_used
    k = threads() if elements >= PARALLEL_MIN else 1
    if k > 1:
        numba.set_num_threads(k)
        _most_used = max(_most_used, k)
    return k


def pool_started() -> bool:
    """Whether numba's thread pool has been started in this process (a threaded loop ran).
    GNU OpenMP's pool, numba's threading layer here, does not survive a fork: a forked child
    that runs a threaded loop is killed ("fork() called from a process already using GNU
    OpenMP"), so a sweep's forked workers run their loops on one thread after this
    (`cadresim.sweep.executors`)."""
    try:
        from numba.np.ufunc import parallel
        return bool(parallel._is_initialized)
    except (ImportError, AttributeError):  # pragma: no cover - a numba without the flag
        return _most_used > 1


def threads_used() -> int:
    """The most threads any threaded loop of this process has run on so far: 1 when every
    world was below `PARALLEL_MIN` villages, whatever `threads` says (a run's manifest)."""
    return _most_used
