"""电子化单证: every document the desk keeps (scans, signatures, cover notes, policies, 批单,
receipts, imported paper policies), categorised, linked to its customer, vehicle, policy and
transaction, found from one search box, ID-card images shown only to the roles that need them
and purged after their retention period (docs/archive.md)."""
