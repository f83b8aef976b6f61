"""The routing evaluation rule shared by the benchmark and the tests."""
from __future__ import annotations


def is_correct(predicted: dict, expected: dict) -> bool:
    """Route in the acceptable list; for tool routes the tool too; each listed arg a substring of the prediction."""
    if predicted.get("route") not in expected["route"]:
        return False
    if predicted["route"] == "tool" and expected.get("tool"):
        if predicted.get("tool") not in expected["tool"]:
            return False
        got = predicted.get("args") or {}
        return all(str(v).lower() in str(got.get(k, "")).lower() for k, v in (expected.get("args") or {}).items())
    return True
