"""fidelity stage of mtaudit."""
