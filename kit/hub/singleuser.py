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
    from nbgrader.auth import Authenticator
    from nbgrader.exchange import ExchangeFactory

    from ..learner.submit import _coursedir, learner_config

    config = learner_config(home)
    config.Exchange.assignment_dir = str(home)
    factory, auth = ExchangeFactory(config=config), Authenticator(config=config)
    fetched = []
    for lesson in _released(factory, auth, config):
        if (home / lesson).exists():
            continue
        try:
            factory.FetchAssignment(coursedir=_coursedir(config, lesson, ""), authenticator=auth, config=config).start()
            fetched.append(lesson)
        except Exception as exc:  # nbgrader's ExchangeError or an OSError: log it, start the server anyway
            log.warning("fetch %s: %s", lesson, exc)
    return fetched


def _released(factory, auth, config) -> list[str]:
    from ..learner.submit import _coursedir

    try:
        found = factory.List(coursedir=_coursedir(config, "", ""), authenticator=auth, config=config).start()
    except Exception as exc:
        log.warning("list released lessons: %s", exc)
        return []
    return sorted({a["assignment_id"] for a in found if a.get("status") == "released"})


def main() -> None:
    if os.environ.get("KIT_HUB_ROLE") == "learner":
        fetch_released(Path.home())
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *sys.argv[1:]])


if __name__ == "__main__":
    main()
