"""Issuance: the policy lifecycle (one transition table), policy numbers, and the step-by-step
issuance services."""
