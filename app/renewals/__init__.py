"""Renewals (续保) and the outlet's book: the policies that fall due (imported from another system
or issued here), the work-list a clerk calls through, the funnel a dealer is judged by, the
one-click renewal that pre-fills the wizard, reminders to customers who consented, and the plans
recommended with reasons (docs/renewals.md)."""
