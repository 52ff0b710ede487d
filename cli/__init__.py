"""`chudan` sub-commands that need no Qt. Each module has `register(subparsers)`, which adds
its parser with `func=handler`; `handler(args) -> int` is the exit code. Heavy imports (OCR,
the store) happen inside handlers so `chudan --help` and the GUI start stay fast."""
