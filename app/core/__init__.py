"""Small core types every layer uses: money and its one rounding rule, errors a user can act on,
check results, masking of personal data, where files live, and logging."""
