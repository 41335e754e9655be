"""scripts/listing_stats.py, the measure of how much plumbing the listings show."""
import importlib.util

from harness import ROOT

spec = importlib.util.spec_from_file_location("listing_stats", ROOT / "scripts" / "listing_stats.py")
listing_stats = importlib.util.module_from_spec(spec)
spec.loader.exec_module(listing_stats)


def test_plumbing_statements_count_whole_and_the_idea_does_not():
    shown = '''def square(x):
    return x * x

def main():
    parser = argparse.ArgumentParser(description="Squares")
    parser.add_argument("--n", type=int, default=10,
                        help="how many (default: %(default)s)")

    args = parser.parse_args()
    if args.n < 1:
        parser.error("--n must be at least 1")
    print(sum(square(i) for i in range(args.n)))
'''.splitlines()
    # ArgumentParser, add_argument over two lines, parse_args, the check and its error.
    assert listing_stats.plumbing_lines(shown) == 6


def test_percentile_is_the_nearest_rank():
    assert listing_stats.percentile(list(range(1, 11)), 0.9) == 9
    assert listing_stats.percentile([5], 0.9) == 5
