"""The release build of clause that the benchmark scripts time: built first (cargo does
nothing when it is up to date), then found where cargo put it."""
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def release_binary():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    # CARGO_TARGET_DIR when set (relative to the repository, where the build above runs),
    # else target/.
    return REPO / (os.environ.get("CARGO_TARGET_DIR") or "target") / "release" / "clause"
