# 一条命令运行主流程（make demo），一条命令运行全部测试（make test）；两者都会先安装所需的一切。
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test system check bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the browser tests and Chinese charts need: Chromium and CJK fonts.
system:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

demo: $(STAMP)
	$(VENV)/bin/kit demo $(DEMO_DIR)

check: $(STAMP)
	$(VENV)/bin/kit check quizzes lessons

test: $(STAMP) system
	$(VENV)/bin/kit check quizzes lessons
	$(PY) -m ruff check kit tests bench
	$(PY) -m mypy
	$(PY) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/grading.py

clean:
	rm -rf $(VENV) .pytest_cache
