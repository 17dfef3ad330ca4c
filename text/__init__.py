"""Pure text utilities shared by every layer: the bottom of the import order.

Nothing here imports another proofsmith subpackage, runs a tool or touches the disk.
One home for each parser of domain text (Lean source, ``\\boxed{}`` answers, code fences).
"""
