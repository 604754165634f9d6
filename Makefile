# The dev loop; each target is the same command CI runs (see .ci/run and dev.py).
.PHONY: demo test lint setup
setup: ; python3 dev.py setup
demo: ; python3 dev.py demo
test: ; python3 dev.py test
lint: ; python3 dev.py lint
