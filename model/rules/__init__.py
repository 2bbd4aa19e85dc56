"""One module per rule family. Each exposes hooks ``fn(model) -> None`` over whole arrays
that `model.loop` orders into the month and the year. The rule ID a hook implements is in
its docstring; `model.rulesmap` lists which scenario keys switch it. The monthly hooks run
their per-village arithmetic in compiled loops (`_kernels`), the yearly ones in numpy
with a few compiled pieces (ranking within groups, reserve slots, large normal draws).
"""
