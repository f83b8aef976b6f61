"""Code-editing benchmark in the shape of Aider's: Exercism-style practice exercises (stub + instructions), on the
20 exercises in bench/exercises/ (written for this project: no package on the registries ships Exercism's).

    python bench/editing.py [--protocol pasted|named|untested|both] [--only SLUG ...] [--candidates N]
                            [--budget SECONDS] [--resume]

pasted (Aider's protocol): the instructions pasted as the request (through --file), then the sentence naming the
file to modify; the tests run after; on failure one retry in a fresh process with the test output appended to the
first request (Aider retries in the same chat, where the model still has the instructions).
named: "Implement SLUG.py so that it does what instructions.md describes", same retry.
untested: pasted, but the exercise's tests are withheld until the end and there is no retry: a user's spec with no
tests, where only the examples written in the text can check the code.
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, drawing_config, earlier_rows, run_codey, summary

EXERCISES = ROOT / "bench" / "exercises"
# Aider's benchmark prompts (benchmark/prompts.py), with the exercise's file.
INSTRUCTIONS_ADDENDUM = """
####

Use the above instructions to modify the supplied files: {files}
Don't change the names of existing functions or classes, as they may be referenced from other code like unit tests, etc.
Only use standard libraries, don't suggest installing any packages.
"""
TEST_FAILURES = """
####

See the testing errors above.
The tests are correct, don't try and change them.
Fix the code in {files} to resolve the errors.
"""


def first_request(slug: str, ws: Path, protocol: str) -> str:
    if protocol == "named":
        return f"Implement {slug}.py so that it does what instructions.md describes"
    return (ws / "instructions.md").read_text() + INSTRUCTIONS_ADDENDUM.format(files=f"{slug}.py")


def run_tests(ws: Path, slug: str) -> subprocess.CompletedProcess:
    """The exercise's own tests, copied back first (as Aider's benchmark does): code is scored by them even if the
    run rewrote them."""
    for test in (EXERCISES / slug).glob("*_test.py"):
        shutil.copy(test, ws)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=short"], cwd=ws,
                          capture_output=True, text=True, timeout=120)


def attempt(slug: str, config: Path, protocol: str, budget: float | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / slug
        withheld = shutil.ignore_patterns("*_test.py") if protocol == "untested" else None
        shutil.copytree(EXERCISES / slug, ws, ignore=withheld)
        subprocess.run(["git", "init", "-q"], cwd=ws)
        out = run_codey(first_request(slug, ws, protocol), ws, config, as_file=True, budget=budget)
        seconds, tries, test = out["seconds"], 1, run_tests(ws, slug)
        if test.returncode != 0 and protocol != "untested":
            # Aider's retry goes to the same chat, where the model has the instructions: a fresh process needs them
            retry = (first_request(slug, ws, protocol) + "\n" + test.stdout[-4000:]
                     + TEST_FAILURES.format(files=f"{slug}.py"))
            out = run_codey(retry, ws, config, as_file=True, budget=budget)
            seconds, tries, test = seconds + out["seconds"], 2, run_tests(ws, slug)
    return {"slug": slug, "protocol": protocol, "passed": test.returncode == 0, "tries": tries,
            "route": out.get("route"), "status": out.get("status"), "seconds": round(seconds, 2), "budget": budget,
            "out_of_budget": bool((out.get("verify") or {}).get("search_longer")),
            "peak_rss_mb": out.get("peak_rss_mb", 0), "error": (out.get("error") or "")[:300],
            "tests": (test.stdout.strip().splitlines() or [""])[-1][:200]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--only", nargs="*")
    p.add_argument("--protocol", choices=["pasted", "named", "untested", "both"], default="both")
    p.add_argument("--candidates", type=int, help="candidates drawn per retry (default: as configured)")
    p.add_argument("--budget", type=float, help="each Codey run's --budget in seconds (default: as configured)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "editing.json")
    p.add_argument("--resume", action="store_true", help="keep the rows already in --out and skip what they cover")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # Codey's own attempts are as configured (3 by default); the retry in a fresh process is Aider's protocol's
    config = drawing_config(args.out.parent, "editing", args.candidates)
    slugs = args.only or sorted(d.name for d in EXERCISES.iterdir() if d.is_dir())
    protocols = ["pasted", "named"] if args.protocol == "both" else [args.protocol]
    rows = earlier_rows(args.out, args.resume)
    covered = {(r["slug"], r["protocol"]) for r in rows}
    for i, slug in enumerate(slugs, 1):
        for protocol in (p for p in protocols if (slug, p) not in covered):
            row = attempt(slug, config, protocol, args.budget)
            rows.append(row)
            print(f"[{i}/{len(slugs)}] {slug} ({protocol}): {'pass' if row['passed'] else 'FAIL'} "
                  f"(route {row['route']}, {row['status']}, {row['tries']} tries, {row['seconds']:.1f}s)", flush=True)
            args.out.write_text(json.dumps(rows, indent=1))
    budget = json.loads(config.read_text())["memory_budget_mb"]
    for protocol in protocols:
        mine = [r for r in rows if r["protocol"] == protocol]
        print(f"Editing benchmark, {protocol}: {sum(r['passed'] for r in mine)}/{len(mine)} = "
              f"{sum(r['passed'] for r in mine) / len(mine):.1%} pass; routed to code "
              f"{sum(r['route'] == 'code' for r in mine)}/{len(mine)}")
        print("  " + summary([r["seconds"] for r in mine], [r["peak_rss_mb"] for r in mine], budget))


if __name__ == "__main__":
    main()
