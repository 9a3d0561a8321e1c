# The two commands of the README: `make demo` and `make test`, on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

FUZZ_TIME ?= 60

.PHONY: demo test install dev clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev-installed

demo: install
	$(BIN)/concord --db $(DEMO_DB) demo
	@echo "open the web page: $(BIN)/concord --db $(DEMO_DB) serve   then visit http://127.0.0.1:8000/"

test: dev
	sh scripts/install-browser.sh
	$(BIN)/python -m pytest -q

# Every atheris target (the ingest property tests) for FUZZ_TIME seconds each; a corpus per target
# is kept in fuzz/corpus/, and a crash is written to fuzz/crashes/ and stops the run.
fuzz: dev
	mkdir -p fuzz/crashes
	for target in $$($(BIN)/python fuzz/fuzz_ingest.py --list 2>&1 | sed -n 's/^  //p'); do \
		mkdir -p fuzz/corpus/$$target; \
		$(BIN)/python fuzz/fuzz_ingest.py $$target -max_total_time=$(FUZZ_TIME) \
			-artifact_prefix=fuzz/crashes/ fuzz/corpus/$$target || exit 1; \
	done

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
