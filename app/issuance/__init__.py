"""Issuance: the policy lifecycle (one transition table), policy numbers, and (with the wizard
issue) the step-by-step issuance services."""
