"""Rule tables regenerated from parsed versions, and scoring against them."""
