"""The issuance wizard: thin widgets over app.issuance (customer → vehicle → coverage →
review and signature → payment and issue)."""
