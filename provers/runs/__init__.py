"""Proving a dataset: settings (:mod:`.config`), one problem's attempt and its store rows
(:mod:`.attempt`, :mod:`.records`), the run with its workers or Ray actors (:mod:`.run`,
:mod:`.on_ray`) and reports over a run database (:mod:`.report`)."""
