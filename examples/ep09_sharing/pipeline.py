"""A read, process, write pipeline: processes joined by queues.

- The reader reads numbers from a file and puts them on a queue.
- Several processors take numbers off it, compute the number's Collatz
  steps (how many steps of n -> n/2 or 3n+1 reach 1), and pass the results on.
- The writer writes each result to an output file.

Three things make it behave:

- a sentinel (None) says "no more work": the reader sends one per
  processor, and each processor passes its own on to the writer;
- the queues are bounded (maxsize): when the processors fall behind, the
  reader waits for room instead of filling the memory (backpressure);
- an Event stops the whole pipeline early, after --stop-after results or on
  Ctrl-C: the reader stops reading, and the sentinels still flow, so every
  stage finishes and every queue is emptied before the program ends.

A stage that dies (a line that is not a number, see --bad-line, or a process
killed from outside) sends no sentinel, and the stages after it would wait
for ever.  So the parent waits for the reports with a timeout, and between
two waits looks at the stages' exit codes: when one has failed, it stops the
others and ends with a message that names the stage, and exit status 1.
"""
import argparse
import multiprocessing
import queue
import signal
import sys
import tempfile
import time
from pathlib import Path

SENTINEL = None


def collatz_steps(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


# start-listing
def reader(path, numbers, processors, stop, reports):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    read = waits = 0
    with open(path) as lines:
        for line in lines:
            if stop.is_set():
                break
            try:
                numbers.put(int(line), block=False)
            except queue.Full:   # the processors are behind: wait for room
                waits += 1
                numbers.put(int(line))
            read += 1
    for _ in range(processors):
        numbers.put(SENTINEL)    # one "no more work" for each processor
    reports.put(("read", read, waits))


def processor(numbers, results, seconds, stop):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while (n := numbers.get()) is not SENTINEL:
        if not stop.is_set():    # stopping: drain the queue, do no more work
            time.sleep(seconds)  # stands in for a slower computation
            results.put((n, collatz_steps(n)))
    results.put(SENTINEL)        # pass the end on to the writer


def writer(results, path, processors, stop_after, stop, reports):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    written = total = ended = 0
    with open(path, "w") as out:
        while ended < processors:            # until every processor has ended
            item = results.get()
            if item is SENTINEL:
                ended += 1
            elif not stop.is_set():
                out.write(f"{item[0]} {item[1]}\n")
                written, total = written + 1, total + item[1]
                if written == stop_after:
                    stop.set()               # enough: tell every stage to stop
    reports.put(("written", written, total))
# end-listing


def describe(stage):
    code = stage.exitcode
    how = f"was killed by signal {-code}" if code < 0 else f"ended with exit status {code}"
    return f"{stage.name} (process {stage.pid}) {how} before the work was done"


# start-watch
def watch(stages, reports):
    """Wait for the reader's and the writer's reports; end early if a stage dies."""
    found = {}
    while len(found) < 2:
        try:
            name, *values = reports.get(timeout=0.5)  # wait, but not for ever
            found[name] = values
        except queue.Empty:  # nothing yet: is every stage still alive?
            failed = [stage for stage in stages if stage.exitcode not in (None, 0)]
            if failed:       # it sends no sentinel: the others would wait for ever
                for stage in stages:
                    stage.terminate()
                return found, describe(failed[0])
    return found, None
# end-watch


def run_pipeline(source, target, processors, seconds, maxsize, stop_after):
    stop = multiprocessing.Event()
    numbers = multiprocessing.Queue(maxsize)
    results = multiprocessing.Queue(maxsize)
    reports = multiprocessing.Queue()
    stages = [multiprocessing.Process(target=reader, name="reader",
                                      args=(source, numbers, processors, stop, reports)),
              *[multiprocessing.Process(target=processor, name=f"processor {i}",
                                        args=(numbers, results, seconds, stop))
                for i in range(1, processors + 1)],
              multiprocessing.Process(target=writer, name="writer",
                                      args=(results, target, processors, stop_after, stop, reports))]
    for stage in stages:
        stage.start()
    interrupted = []

    def on_ctrl_c(signum, frame):
        interrupted.append(signum)
        stop.set()  # the stages stop and drain themselves; the parent waits for them

    signal.signal(signal.SIGINT, on_ctrl_c)
    pids = ", ".join(f"{stage.name} {stage.pid}" for stage in stages)
    print(f"Started {len(stages)} stages ({pids}); press Ctrl-C to stop", flush=True)
    found, failure = watch(stages, reports)
    for stage in stages:
        stage.join()
    return found, bool(interrupted), failure


def at_least_one(text):
    """argparse type: a whole number, 1 or more."""
    if int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return int(text)


def not_negative(text):
    """argparse type: a number of seconds, 0 or more."""
    if float(text) < 0:
        raise argparse.ArgumentTypeError(f"{text} is negative")
    return float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=at_least_one, default=2000,
                        help="numbers in the input file (default: %(default)s)")
    parser.add_argument("--processors", type=at_least_one, default=2,
                        help="processing processes (default: %(default)s)")
    parser.add_argument("--seconds", type=not_negative, default=0.001,
                        help="extra time each item takes to process (default: %(default)s)")
    parser.add_argument("--maxsize", type=at_least_one, default=8,
                        help="most items each queue holds (default: %(default)s)")
    parser.add_argument("--stop-after", type=at_least_one,
                        help="stop after this many results are written (default: never)")
    parser.add_argument("--bad-line", type=at_least_one,
                        help="make line N of the input not a number (default: none)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "numbers.txt"), Path(folder, "steps.txt")
        source.write_text("".join("not a number\n" if n == args.bad_line else f"{n}\n"
                                  for n in range(1, args.items + 1)))
        found, interrupted, failure = run_pipeline(source, target, args.processors, args.seconds,
                                                   args.maxsize, args.stop_after)
        lines = target.read_text().splitlines() if target.exists() else []
    if failure:
        print(f"Pipeline stopped: {failure}", file=sys.stderr)
        sys.exit(1)
    if interrupted:
        print("Interrupted", file=sys.stderr)
        sys.exit(130)
    read, waits = found["read"]
    written, total = found["written"]
    print(f"Items read: {read} of {args.items}")
    print(f"Items written: {written} (lines in the output file: {len(lines)})")
    print(f"Sum of the Collatz steps written: {total}")
    print(f"Times the reader waited for room in the queue: {waits}")


if __name__ == "__main__":
    main()
