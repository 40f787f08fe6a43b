"""translation stage of mtaudit."""
