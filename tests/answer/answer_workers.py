"""Worker functions for answer tests; importable by forkserver workers as answer.answer_workers."""

import time

from proofsmith.checkers.answer.checker import judge


def slow_judge(item):
    gold, pred, rel_tol = item
    time.sleep(30)
    return judge(gold, pred, rel_tol=rel_tol)
