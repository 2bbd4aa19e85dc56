"""Subcommands of `cadresim`; each module has ``register(parser)`` and ``main(args)``."""
