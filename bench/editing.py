"""Code-editing benchmark in the shape of Aider's (Exercism practice exercises: stub + instructions; tests run after;
one retry with the test output), on the 20 exercises in bench/exercises/ (written for this project: no package
on the registries ships Exercism's).

    python bench/editing.py [--only SLUG ...]
"""
import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, bench_config, run_codey, summary

EXERCISES = ROOT / "bench" / "exercises"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--only", nargs="*")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "editing.json")
    args = p.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    config = bench_config(args.out.parent / "editing-config.json", max_attempts=2)  # one retry, as in Aider's
    slugs = args.only or sorted(d.name for d in EXERCISES.iterdir() if d.is_dir())
    rows = []
    for i, slug in enumerate(slugs, 1):
        with tempfile.TemporaryDirectory() as tmp:
            ws = Path(tmp) / slug
            shutil.copytree(EXERCISES / slug, ws)
            subprocess.run(["git", "init", "-q"], cwd=ws)
            out = run_codey(f"Implement {slug}.py so that it does what instructions.md describes", ws, config)
            test = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ws,
                                  capture_output=True, text=True, timeout=120)
        passed = test.returncode == 0
        rows.append({"slug": slug, "passed": passed, "status": out.get("status"), "seconds": out["seconds"],
                     "peak_rss_mb": out.get("peak_rss_mb", 0), "error": (out.get("error") or "")[:300]})
        done = sum(r["passed"] for r in rows)
        print(f"[{i}/{len(slugs)}] {slug}: {'pass' if passed else 'FAIL'} ({out.get('status')}, {out['seconds']:.1f}s)"
              f"  running {done}/{i}", flush=True)
        args.out.write_text(json.dumps(rows, indent=1))
    n = len(rows)
    budget = json.loads((args.out.parent / "editing-config.json").read_text())["memory_budget_mb"]
    print(f"Editing benchmark: {sum(r['passed'] for r in rows)}/{n} = {sum(r['passed'] for r in rows) / n:.1%} pass")
    print(summary([r["seconds"] for r in rows], [r["peak_rss_mb"] for r in rows], budget))


if __name__ == "__main__":
    main()
