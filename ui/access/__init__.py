"""Access for every visitor: key-only navigation (:mod:`ui.access.keys`), the order in which
keys reach the controls (:mod:`ui.access.order`) and the spoken names of symbol-only keys
(:mod:`ui.access.names`)."""
