"""The training sandbox (实战演练, docs/training.md): scenarios as data (`scenarios.py`, checked by
`schema.py`), the outlet's standard times (`standards.py`), scoring (`scoring.py`), the results
kept per clerk (`results.py`) and the sandbox's own store and numbers (`sandbox.py`). No Qt, no
network: the simulated head office lives in `sync/sandbox.py`."""
