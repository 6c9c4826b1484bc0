"""relgraph's benchmarks: each module with a ``main(argv) -> int`` is one benchmark (``python -m bench``)."""
