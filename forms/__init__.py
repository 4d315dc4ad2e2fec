"""WTForms classes only: no database, no `evaluation` imports. Views fill dynamic choices."""
