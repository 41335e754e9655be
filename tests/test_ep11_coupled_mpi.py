"""Episode 11 checks the expectations table cannot express.

- The heat equation on 1 to 4 ranks gives the serial program's plate (to
  1e-12), on grids whose inside divides by none of the rank layouts, compared
  with a separate run of heat_serial.py as well as with the check on rank 0.
- The deadlock demonstration really waits (large messages), and ends by
  itself soon after its timeout; the fixes deliver the right data for small
  and large messages.
- The scaling script turns measurements into a table, a figure with alt text
  from the data, and a measurement note exactly when a claim is missed; its
  weak-scaling grids give every rank a block of the one-rank grid's shape, laid
  out as MPI.Compute_dims lays out heat.py's ranks.
"""
import importlib.util
import re
import sys
import time

import pytest

from harness import EXAMPLES, MPIEXEC, PYTHON, ROOT, run_command
from leftovers import blocks_left_behind, shared_blocks
from lesson import runner

FOLDER = EXAMPLES / "ep11_coupled_mpi"
GRIDS = [("23", "37", "40"), ("30", "11", "25")]


def number(pattern, text):
    found = re.search(pattern, text, re.MULTILINE)
    assert found, text
    return found.group(1)


def mpi(ranks, script, *args, timeout=120):
    return run_command([MPIEXEC, "-n", str(ranks), PYTHON, str(FOLDER / script), *args],
                       timeout=timeout)


@pytest.mark.parametrize("rows, cols, steps", GRIDS, ids=["23x37", "30x11"])
def test_heat_matches_serial_for_1_to_4_ranks(rows, cols, steps):
    args = ["--rows", rows, "--cols", cols, "--steps", steps]
    serial = run_command([PYTHON, str(FOLDER / "heat_serial.py"), *args], timeout=60)
    assert serial.returncode == 0, serial.describe()
    expected = float(number(r"^Checksum \(sum of all temperatures\): ([\d.]+)$", serial.stdout))
    for ranks in (1, 2, 3, 4):
        result = mpi(ranks, "heat.py", *args)
        assert result.returncode == 0, result.describe()
        checksum = float(number(r"^Checksum \(sum of all temperatures\): ([\d.]+)$", result.stdout))
        difference = float(number(r"^Largest difference from the serial run: (\S+)$", result.stdout))
        assert difference <= 1e-12, result.describe()
        assert abs(checksum - expected) <= 1e-9, (ranks, checksum, expected)
        # Every inside point belongs to exactly one rank.
        blocks = re.findall(r"^rank \d+ at \(\d, \d\): rows (\d+)-(\d+), columns (\d+)-(\d+)$",
                            result.stdout, re.MULTILINE)
        assert len(blocks) == ranks, result.describe()
        area = sum((int(r1) - int(r0) + 1) * (int(c1) - int(c0) + 1) for r0, r1, c0, c1 in blocks)
        assert area == (int(rows) - 2) * (int(cols) - 2), result.describe()


def test_deadlock_really_waits_and_ends_by_itself():
    start = time.monotonic()
    result = mpi(2, "deadlock.py", "--timeout", "2", timeout=60)
    elapsed = time.monotonic() - start
    assert result.returncode == 3, result.describe()
    assert "Deadlock: rank 0 has waited 2 s in Send" in result.stdout, result.describe()
    assert 2 <= elapsed < 30, f"took {elapsed:.1f} s\n{result.describe()}"


@pytest.mark.parametrize("ranks", [2, 4])
def test_an_aborted_job_leaves_no_segment_in_dev_shm(ranks):
    """MPI_Abort leaves MPICH's shared memory behind; the runner removes it, also when
    the other ranks are still on their way out as mpiexec returns (4 ranks)."""
    if not runner.SHM.is_dir():
        pytest.skip("no /dev/shm here")
    before = shared_blocks(runner.MPICH_SEGMENT)
    result = mpi(ranks, "deadlock.py", "--kilobytes", "256", "--timeout", "2", timeout=60)
    assert result.returncode == 3, result.describe()
    # A grace of 5 s: another test's aborted job removes its own segment.
    left = blocks_left_behind(before, grace=5.0, prefix=runner.MPICH_SEGMENT)
    assert not left, f"left in /dev/shm: {sorted(left)}"


@pytest.mark.parametrize("kilobytes", ["1", "8000"])
def test_fixes_deliver_the_data(kilobytes):
    result = mpi(4, "deadlock_fixed.py", "--kilobytes", kilobytes, timeout=60)
    assert result.returncode == 0, result.describe()
    assert re.search(r"^Sendrecv: every rank received its partner's data: yes ", result.stdout, re.MULTILINE)
    assert re.search(r"^Isend/Irecv/Waitall: every rank received its partner's data: yes ",
                     result.stdout, re.MULTILINE), result.describe()


# --- The scaling script, with made-up measurements (no timing is asserted) -------------

def scaling_module():
    path = ROOT / "scripts" / "figures" / "mpi_scaling.py"
    spec = importlib.util.spec_from_file_location("mpi_scaling", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_points(strong_2, weak_2):
    one = 1.0
    return {"strong": [{"ranks": 1, "rows": 102, "cols": 102, "seconds": one, "speedup": 1.0,
                        "efficiency": 1.0},
                       {"ranks": 2, "rows": 102, "cols": 102, "seconds": one / strong_2,
                        "speedup": strong_2, "efficiency": strong_2 / 2}],
            "weak": [{"ranks": 1, "rows": 102, "cols": 102, "seconds": one, "efficiency": 1.0,
                      "scaled_speedup": 1.0},
                     {"ranks": 2, "rows": 202, "cols": 102, "seconds": one / weak_2,
                      "efficiency": weak_2, "scaled_speedup": 2 * weak_2}]}


SETTINGS = {"rows": 102, "cols": 102, "steps": 5, "repeats": 3}


@pytest.mark.parametrize("strong, weak, note", [(1.9, 0.95, False), (1.1, 0.95, True),
                                                 (1.9, 0.5, True)])
def test_scaling_note_exactly_when_a_claim_misses(strong, weak, note):
    module = scaling_module()
    points = fake_points(strong, weak)
    verdict = module.verdict_of(points, None, attempts=3, cores=2)
    text = module.markdown(points, 0.9, verdict, SETTINGS, "mpiexec -n 2 python heat.py")
    assert ("{admonition} Measurement note" in text) == note, text
    assert (":class: measurement-note" in text) == note, text
    assert f"{strong:.2f} times as fast" in text


def test_scaling_on_one_core_says_there_is_nothing_to_speed_up():
    module = scaling_module()
    points = fake_points(0.9, 0.5)
    verdict = module.verdict_of(points, None, attempts=1, cores=1)
    text = module.markdown(points, 0.5, verdict, SETTINGS, "mpiexec -n 2 python heat.py")
    assert ":class: measurement-note" in text and "nothing to speed up" in text, text


@pytest.mark.parametrize("strict, status", [("1", 1), ("0", 0)])
def test_strict_scaling_fails_on_a_miss(monkeypatch, tmp_path, capsys, strict, status):
    """The whole script with measure() giving a slow 2-rank run: measured again, a note
    on the page, and under STRICT_TIMINGS=1 exit status 1 (which fails a strict build)."""
    module = scaling_module()
    calls = []

    def measure(ranks, **settings):
        calls.append(ranks)
        points = fake_points(1.1, 0.95)
        return points, module.measurements.Share(wall=1.0, received=2.0, others=1.5, usable=2)
    monkeypatch.setattr(module, "measure", measure)
    monkeypatch.setattr(module.runner, "usable_cores", lambda: 2)
    monkeypatch.setattr(module, "plot", lambda points, path: path.write_text("<svg/>"))
    monkeypatch.setattr(sys, "argv", ["mpi_scaling.py", "--out-dir", str(tmp_path)])
    monkeypatch.setenv("STRICT_TIMINGS", strict)
    assert module.main() == status
    assert len(calls) == module.measurements.ATTEMPTS  # measured again before giving up
    assert ("STRICT_TIMINGS: the MPI scaling missed expected Strong-scaling speedup"
            in capsys.readouterr().err) == bool(status)
    assert ":class: measurement-note" in (tmp_path / "mpi-scaling.txt").read_text(encoding="utf-8")


def test_scaling_alt_text_comes_from_the_data():
    module = scaling_module()
    figure = module.figure(fake_points(1.87, 0.93))
    alt = number(r"^:alt: (.*)$", figure)
    assert "1.87 on 2" in alt and "1.86 on 2" in alt, alt


def test_weak_scaling_keeps_every_rank_block_shape():
    """Growing the rows alone gave 4 ranks (2 x 2) blocks twice as tall and half as wide:
    each block must stay the one-rank grid's inside, 1000 x 1000, for any number of ranks."""
    module = scaling_module()
    configs = module.configurations(range(1, 17), 1002, 1002)
    assert [c for c in configs if c[0] == "strong"] == [("strong", n, 1002, 1002) for n in range(1, 17)]
    weak = {n: (rows, cols) for kind, n, rows, cols in configs if kind == "weak"}
    assert sorted(weak) == list(range(2, 17))
    for n, (rows, cols) in weak.items():
        down, across = module.rank_grid(n)
        assert down * across == n
        assert (rows - 2, cols - 2) == (1000 * down, 1000 * across), (n, rows, cols)
    assert weak[2] == (2002, 1002) and weak[4] == (2002, 2002) and weak[6] == (3002, 2002)


def test_rank_grid_is_what_compute_dims_gives():
    """heat.py asks MPI.Compute_dims(size, 2) for its rank grid; the scaling script must agree."""
    code = "from mpi4py import MPI; print([tuple(MPI.Compute_dims(n, 2)) for n in range(1, 65)])"
    result = run_command([PYTHON, "-c", code], timeout=60)
    assert result.returncode == 0, result.describe()
    module = scaling_module()
    assert result.stdout.strip() == str([module.rank_grid(n) for n in range(1, 65)])
