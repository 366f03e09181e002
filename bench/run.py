"""`make bench`: runs every bench/bench_*.py in turn and prints their figures.

Each benchmark is a standalone script that prints its own figures and asserts
nothing about speed. `bin/with-services` provides DATABASE_URL (PostgreSQL)
and TEST_REDIS_URL (Redis) to them.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    selected = sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if selected and script.stem.removeprefix("bench_") not in selected:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        failures += subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
