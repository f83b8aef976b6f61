"""Pasted task descriptions (an exercise's instructions, an issue) are work for the coder, never commands."""
import json

import pytest

from codey import router
from codey.plan.steps import steps_of
from codey.router import rules
from tests.conftest import ROOT

ROWS = [json.loads(line)["request"] for line in (ROOT / "bench/data/router_pasted.jsonl").open() if line.strip()]
# A bug report that asks for no work ("Steps to reproduce …", nothing asked of Codey) is answered (issue 40)
REPORTS = [t for t in ROWS if "Steps to reproduce" in t]
PASTED = [t for t in ROWS if t not in REPORTS]


@pytest.mark.parametrize("text", PASTED, ids=[t.split("\n")[0][:30] for t in PASTED])
def test_pasted_exercise_instructions_route_to_code(text):
    assert router.decide(text)["route"] == "code"
    assert rules.match(text, allow_plan=False)["route"] == "code"  # also as a step of a plan


@pytest.mark.parametrize("text", REPORTS)
def test_a_pasted_bug_report_is_answered_unless_it_asks_for_work(text):
    assert REPORTS and router.decide(text)["route"] == "question"
    assert router.decide(text + "\n\nPlease fix it.")["route"] == "code"


def test_a_description_that_mentions_git_commands_runs_none_of_them():
    text = ("# Release helper\n\n"
            "Before each release we run the tests, commit the version bump and git push the tag; people forget steps.\n\n"
            "- read the version from setup.cfg\n- bump the patch number\n- print the git commands to run\n\n"
            "Write this as release.py and keep it free of third-party packages, since it runs on the build machine.\n")
    decision = router.decide(text)
    assert decision["route"] == "code" and decision["tool"] is None


def test_a_long_description_pasted_on_one_line_is_code():
    text = ("A year is a leap year when it is divisible by 4. Years divisible by 100 are not leap years, unless they "
            "are also divisible by 400. So 2000 was a leap year and 1900 was not. Write leap_year(year) in leap.py and "
            "keep the name, the tests call it; then push nothing, I will review it first.")
    assert router.decide(text)["route"] == "code"


def test_a_long_sentence_that_mentions_status_and_commit_is_not_a_tool_command():
    text = ("the status page should show the last commit hash and the branch name next to the version number in the "
            "footer so that the engineers on call can see at a glance what is deployed on each of the servers today")
    assert router.decide(text)["route"] != "tool"


@pytest.mark.parametrize("text,steps", [
    ("1. git pull\n2. run the tests\n3. if they pass, git push", ["git pull", "run the tests", "if they pass, git push"]),
    ("Please do the following:\n- git pull\n- run the tests\n- git push", ["git pull", "run the tests", "git push"]),
    ("do the following: 1. git pull 2. run tests", ["git pull", "run tests"]),
])
def test_a_request_that_is_a_list_of_short_steps_is_a_plan(text, steps):
    assert router.decide(text)["route"] == "plan"
    assert steps_of(text) == steps


def test_a_pasted_error_that_ends_with_a_question_is_answered():
    text = ("Running the app fails like this:\n```\nTraceback (most recent call last):\n  File \"app.py\", line 1\n"
            "ModuleNotFoundError: No module named 'flask'\n```\n"
            "I installed flask with pip yesterday and it worked fine on my other laptop with the same project.\n"
            "Why does this happen?")
    assert router.decide(text)["route"] == "question"


def test_steps_written_as_a_few_sentences_on_their_own_lines_stay_a_plan():
    text = ("Pull the latest changes from origin and run the whole test suite to make sure nothing broke.\n"
            "If everything passes, push the branch to origin.\nOtherwise show me the failing tests.")
    assert router.decide(text)["route"] == "plan"


def test_a_terse_bug_report_with_steps_to_reproduce_is_never_a_plan():
    """An issue pasted as it was filed: short lines, a numbered list of what the reporter did, sentences around it.
    Its steps are the reporter's, not Codey's: answered, or work on the code when a sentence asks for it."""
    text = ("## Bug: cache never expires\n\nSteps to reproduce:\n1. Call `get_user(1)`.\n2. Wait 10 minutes.\n"
            "3. Call `get_user(1)` again.\n\nExpected: a fresh fetch. Actual: the stale value from step 1.\n\n"
            "The TTL logic lives in cache.py.\n")
    assert router.decide(text)["route"] == "question"
    assert router.decide(text + "Could you make it expire after the TTL?\n")["route"] == "code"


@pytest.mark.parametrize("text", [
    "## Release\n\n1. git pull\n2. run the tests\n3. git push",
    "Please do the following.\n\n1. git pull\n2. run the tests\n\nThanks!",
])
def test_a_list_of_steps_under_a_heading_or_between_pleasantries_stays_a_plan(text):
    assert router.decide(text)["route"] == "plan"
