# 一条命令运行主流程（make demo），一条命令运行全部测试（make test）；两者都会先安装所需的一切。
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test system check bench clean docs-shots

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the browser tests and Chinese charts need: Chromium and CJK fonts; Pango, which WeasyPrint
# (kit paper) lays text out with; the hub tests: PostgreSQL, and Node/npm for configurable-http-proxy (JupyterHub's
# proxy, installed from npm into the venv).
CHP := $(VENV)/node/node_modules/.bin/configurable-http-proxy

system: $(CHP)
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
		|| ! ldconfig -p | grep -q libpangoft2-1.0 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 postgresql >/dev/null; \
	fi

$(CHP):
	@command -v npm >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --silent --no-fund --no-audit --prefix $(VENV)/node configurable-http-proxy@5

demo: $(STAMP)
	$(VENV)/bin/kit demo $(DEMO_DIR)

check: $(STAMP)
	$(VENV)/bin/kit check quizzes lessons

test: $(STAMP) system
	$(VENV)/bin/kit check quizzes lessons
	$(PY) -m ruff check kit tests bench
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# the README's screenshots of the 培训管理台 (docs/img), taken by its browser test on a demo-filled course
docs-shots: $(STAMP) system
	KIT_DOCS_SHOTS=1 $(PY) -m pytest tests/browser/test_console.py -q

bench: $(STAMP)
	$(PY) bench/grading.py
# bench/hub.py (30 members at once on a real hub; root): run by hand, numbers in docs/deploy.md

clean:
	rm -rf $(VENV) .pytest_cache
