# Two commands for a newcomer: `make render` and `make test`. Both set up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
QUALITY ?= high

# Debian packages manim needs: cairo and pango headers (pycairo and manimpango
# build from source on Linux), and TeX with standalone.cls for formulas.
APT_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config \
	texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-fonts-recommended dvisvgm espeak-ng

# Only the tests need a browser (the offline slide deck is opened in headless Chromium).
TEST_APT_PACKAGES := chromium

.PHONY: setup system-deps test-deps apt-install render test test-fast doctor bench clean

setup: system-deps $(VENV)/.installed

system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(APT_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_APT_PACKAGES)"

apt-install:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "mathviz setup: this machine has no apt-get. Install these (or your system's equivalents) and rerun:"; \
		echo "  cairo and pango development files + pkg-config (for pycairo and manimpango)"; \
		echo "  a TeX system with latex, dvisvgm, amsmath and standalone.cls"; \
		echo "  Debian names: $$missing"; exit 1; \
	fi; \
	sudo=""; [ "$$(id -u)" -ne 0 ] && sudo="sudo"; \
	echo "mathviz setup: installing $$missing"; \
	$$sudo apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@# reveal.js for offline HTML decks comes from the npm registry (never a CDN)
	@command -v npm >/dev/null || $(MAKE) --no-print-directory apt-install PACKAGES=npm
	$(BIN)/python -m mathviz.pipeline.slides --fetch-revealjs
	touch $@

render: setup
	$(BIN)/mathviz render --all -q $(QUALITY) -o renders
	$(BIN)/mathviz lecture lectures/roadmap.toml -q $(QUALITY) -o renders

test: setup test-deps
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup --durations=15

test-fast: setup
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -m 'not slow'

doctor: setup
	$(BIN)/mathviz doctor

bench: setup
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_gradient_ascent.py
	$(BIN)/python bench/bench_law_of_large_numbers.py
	$(BIN)/python bench/bench_optimizers.py
	$(BIN)/python bench/bench_check.py

clean:
	rm -rf renders/*/ renders/manifest.json media .pytest_cache .hypothesis
