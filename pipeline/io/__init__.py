"""io stage of mtaudit."""
