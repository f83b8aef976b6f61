"""Router benchmark: accuracy and latency percentiles over a JSONL file of labeled requests.

    python bench/router.py ../shared/eval/router_dev.jsonl [--model-only] [--rules-only] [--config PATH]
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codey.app import config
from codey import router  # noqa: E402
from codey.memory.lifecycle import Lifecycle, rss_mb  # noqa: E402
from codey.router.scoring import is_correct  # noqa: E402
from codey.app.ui import UI  # noqa: E402


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("jsonl")
    p.add_argument("--config", type=Path)
    p.add_argument("--model-only", action="store_true", help="skip the rules: measure the model alone")
    p.add_argument("--rules-only", action="store_true", help="no model: unmatched requests count as misses")
    p.add_argument("--show-misses", action="store_true")
    args = p.parse_args()
    settings = config.load(args.config)
    models = None if args.rules_only else Lifecycle(settings, UI(json_mode=True))
    rows = [json.loads(line) for line in open(args.jsonl) if line.strip()]
    base = rss_mb()
    if models:  # the targets are for a resident router: load and calibrate before timing
        start = time.perf_counter()
        models.router()
        print(f"router model {settings.router.model}: load + calibration {time.perf_counter() - start:.2f} s")
    resident = rss_mb() - base
    latencies, correct, by = [], 0, {}
    for row in rows:
        start = time.perf_counter()
        if args.model_only:
            decision = models.router().route(row["request"])
        else:
            decision = router.decide(row["request"], models)
        latencies.append((time.perf_counter() - start) * 1000)
        ok = is_correct(decision, row)
        correct += ok
        stats = by.setdefault(decision.get("by", "?"), [0, 0])
        stats[0] += ok
        stats[1] += 1
        if not ok and args.show_misses:
            print(f"  miss: {row['request']!r} -> {decision.get('route')} {decision.get('tool')} {decision.get('args')}"
                  f" (want {row['route']} {row.get('tool')} {row.get('args', '')})")
    n = len(rows)
    print(f"{args.jsonl}: accuracy {correct}/{n} = {correct / n:.1%}")
    print(f"latency ms: p50 {percentile(latencies, .5):.1f}  p95 {percentile(latencies, .95):.1f}  "
          f"max {max(latencies):.1f}  mean {statistics.mean(latencies):.1f}")
    print("by decider: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(by.items())))
    print(f"router memory resident: {resident:.0f} MB RSS")


if __name__ == "__main__":
    main()
