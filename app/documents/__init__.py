"""Documents the outlet prints: the provisional cover note (暂保单) and the formal policy."""
