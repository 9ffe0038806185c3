"""What each single-user server runs: a learner's released lessons are fetched into their home (as the learner, so
nbgrader's owner check holds), then JupyterHub's own single-user server starts. `python -m kit.hub.singleuser`."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("kit.hub")


def fetch_released(home: Path) -> list[str]:
    """Fetch every released lesson not yet in `home` through nbgrader's exchange; a failure never blocks sign-in."""
    from ..grader import exchange
    from ..learner.submit import learner_config

    config = learner_config(home)
    fetched = []
    for lesson in _released(config, home):
        if (home / lesson).exists():
            continue
        try:
            exchange.run("fetch_assignment", config, lesson, "", home)
            fetched.append(lesson)
        except Exception as exc:  # nbgrader's ExchangeError or an OSError: log it, start the server anyway
            log.warning("fetch %s: %s", lesson, exc)
    return fetched


def _released(config, home: Path) -> list[str]:
    from ..grader import exchange

    try:
        found = exchange.run("list", config, "", "", home).result
    except Exception as exc:  # as above: the member still gets their server
        log.warning("list released lessons: %s", exc)
        return []
    return sorted({a["assignment_id"] for a in found if a.get("status") == "released"})


def main() -> None:
    if os.environ.get("KIT_HUB_ROLE") == "learner":
        fetch_released(Path.home())
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *sys.argv[1:]])


if __name__ == "__main__":
    main()
