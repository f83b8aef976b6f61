"""The pages check: an app's GET pages that take no arguments must render. It applies to a module that imports a web
framework listed here and makes an app of it; the framework's probe requests each such page through the
framework's test client. A probe that crashes (the app does not import, the framework is missing) or does not
finish is a failure, never a pass."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from codey.checks.result import Check, File, Given, Result

TIMEOUT_S = 30


@dataclass(frozen=True)
class Framework:
    package: str  # what a module imports to use it
    app: str  # the class of its apps: a module that calls it makes an app
    probe: str  # a script given the module's path: prints `GET <page> raises <error>` for each page that fails


FLASK = Framework("flask", "Flask", """import runpy, sys
sys.path.insert(0, ".")
from flask import Flask
apps = [v for v in runpy.run_path(sys.argv[1]).values() if isinstance(v, Flask)]
for app in apps:
    app.testing = True
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static":
            try:
                app.test_client().get(rule.rule)
            except Exception as e:
                hint = f" (write the template file templates/{e} too)" if type(e).__name__ == "TemplateNotFound" else ""
                print(f"GET {rule.rule} raises {type(e).__name__}: {e}{hint}")
""")
FRAMEWORKS = (FLASK,)


def framework(text: str) -> Framework | None:
    """The framework whose app the module makes: it imports the framework's package and calls its app class."""
    tree = ast.parse(text)
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and n.module and not n.level}
    called = {getattr(n.func, "id", None) or getattr(n.func, "attr", None) for n in ast.walk(tree)
              if isinstance(n, ast.Call)}
    return next((f for f in FRAMEWORKS if f.package in imported and f.app in called), None)


def applies(file: File, given: Given) -> bool:
    return framework(file.text) is not None


def run(file: File, given: Given) -> Result:
    found = given.probe.script(framework(file.text).probe, file.name, timeout=TIMEOUT_S)
    failures = [line for line in found["output"].splitlines() if line.startswith("GET ")]
    if failures:
        problem = f"{file.name}: " + "; ".join(failures[:5])
    elif found["timed_out"]:
        problem = (f"{file.name}: requesting its pages through the test client does not finish within {TIMEOUT_S} s "
                   "(an endless loop, or a request to the network?)")
    elif found["exit_code"] != 0:
        problem = f"{file.name}: requesting its pages through the test client fails:\n" + found["output"][-2000:]
    else:
        return Result("pages", file.name, passed=1)
    return Result("pages", file.name, failed=1, problems=[problem])


CHECK = Check("pages", applies, run)
