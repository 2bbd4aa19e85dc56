"""One module per rule family. Each exposes small vectorised hooks ``fn(model) -> None``
that `model.loop` orders into the month and the year. The rule ID a hook implements is in
its docstring; `model.rulesmap` lists which scenario keys switch it.
"""
