"""待处理: the work items that wait on a person (referrals, registry mismatches, delayed
look-ups, payment failures, head office's rejections). Not Python exceptions."""
