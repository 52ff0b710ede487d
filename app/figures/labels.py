"""What each figure, cover, step and category is called, in English and Chinese: the window, the
exports and head office's reports name them alike."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # volume
    "policies": ("Policies", "保单数"),
    "with_ctpl": ("With CTPL", "交强险件数"),
    "with_commercial": ("With commercial", "商业险件数"),
    "ctpl_premium": ("CTPL premium", "交强险保费"),
    "commercial_premium": ("Commercial premium", "商业险保费"),
    "tax": ("Vehicle tax collected", "代收车船税"),
    "premium": ("Premium (CTPL + commercial)", "保费合计（交强+商业）"),
    "average_premium": ("Average premium", "件均保费"),
    "ctpl_with_commercial": ("CTPL sold with commercial (交商套单率)", "交商套单率"),
    "own_damage_rate": ("Own-damage take-up (车损险投保率)", "车损险投保率"),
    "commercial_share": ("Commercial share of premium", "商业险保费占比"),
    "high_value_share": ("High-value share", "高价值保单占比"),
    "high_value": ("High-value policies", "高价值保单"),
    "rejected": ("Refused by head office", "总公司退回"),
    # timing
    "issuance_time": ("Time to issue", "出单时效"),
    "median": ("Median", "中位数"),
    "p90": ("90th percentile", "P90"),
    "measured": ("Issuances measured", "统计件数"),
    # renewal
    "expiring": ("Expiring (应续)", "应续"),
    "contacted": ("Contacted (已联系)", "已联系"),
    "quoted": ("Quoted (已报价)", "已报价"),
    "renewed": ("Renewed (已续)", "已续"),
    "lost": ("Lost (流失)", "流失"),
    "still_open": ("Still open", "跟进中"),
    "renewal_rate": ("Renewal rate (count)", "续保率（件数）"),
    "renewal_premium_rate": ("Renewal rate (premium)", "续保率（保费）"),
    # complaints
    "complaints": ("Complaints received", "投诉件数"),
    "complaints_resolved": ("Complaints resolved", "已办结投诉"),
    "complaints_open": ("Complaints open", "未办结投诉"),
    "per_10k_policies": ("Complaints per 10,000 policies", "万张保单投诉量"),
    "per_100m_premium": ("Complaints per 100 million yuan of premium", "亿元保费投诉量"),
    "time_to_resolve": ("Time to resolve", "办结用时"),
    # quality
    "issued": ("Policies issued", "出单件数"),
    "endorsed": ("Endorsed", "批改件数"),
    "cancelled": ("Cancelled", "退保件数"),
    "endorsement_rate": ("Endorsement rate", "批改率"),
    "cancellation_rate": ("Cancellation rate", "退保率"),
    "rejection_rate": ("Head office's rejection rate", "总公司退回率"),
    "items_opened": ("待处理 items opened", "新增待处理"),
    "items_resolved": ("待处理 items resolved", "已处理待处理"),
    "recommendations_offered": ("Renewal recommendations offered", "续保推荐方案数"),
    "recommendations_taken": ("Recommendations taken", "采纳推荐"),
    "recommendations_taken_rate": ("Recommendations taken (share)", "推荐采纳率"),
    "not_recorded": ("not recorded yet", "尚未记录"),
    # columns and sections
    "bucket": ("Period", "期间"),
    "clerk": ("Clerk", "出单员"),
    "outlet": ("Outlet", "网点"),
    "channel": ("Channel", "渠道"),
    "cover": ("Cover", "险种"),
    "share": ("Share", "占比"),
    "limit": ("Third-party limit", "三者险限额"),
    "step": ("Step", "步骤"),
    "count": ("Count", "件数"),
    "figure": ("Figure", "指标"),
    "value": ("This period", "本期"),
    "previous": ("Previous period", "上期"),
    "change": ("Change", "变化"),
    "category": ("Category", "类别"),
    "reason": ("Reason", "原因"),
    "kind": ("Kind", "类型"),
    "policy_number": ("Policy number", "保单号"),
    "issued_on": ("Issued on", "出单日期"),
    "state": ("State", "状态"),
    "policyholder": ("Policyholder", "投保人"),
    "plate": ("Plate", "车牌"),
    "total": ("Total paid", "实收合计"),
    "minutes": ("minutes", "分钟"),
    "hours": ("hours", "小时"),
    "section_summary": ("Summary", "概览"),
    "section_buckets": ("By period", "按期间"),
    "section_who_clerk": ("By clerk", "按出单员"),
    "section_who_outlet": ("By outlet", "按网点"),
    "section_channels": ("By channel", "按渠道"),
    "section_covers": ("Covers", "险种"),
    "section_limits": ("Third-party limits", "三者险限额"),
    "section_timing": ("Time to issue", "出单时效"),
    "section_renewal": ("Renewals", "续保"),
    "section_complaints": ("Complaints", "投诉"),
    "section_quality": ("Quality", "业务质量"),
    "section_policies": ("Policies", "保单明细"),
    "whole_issuance": ("Start to issue", "全流程"),
    "report_title": ("Outlet report", "网点经营报表"),
}

COVER_NAMES: dict[str, tuple[str, str]] = {
    "ctpl": ("CTPL", "交强险"),
    "vehicle_damage": ("Own damage", "车损险"),
    "third_party": ("Third-party liability", "三者险"),
    "driver": ("On-board: driver", "车上人员（司机）"),
    "passenger": ("On-board: passengers", "车上人员（乘客）"),
    "deductible": ("Absolute deductible", "绝对免赔率特约"),
    "wheel": ("Wheel damage", "车轮单独损失险"),
    "new_equipment": ("New equipment", "新增加设备损失险"),
    "scratch": ("Body scratches", "车身划痕损失险"),
    "repair_compensation": ("Repair-period compensation", "修理期间费用补偿险"),
    "engine_water_exclusion": ("Engine water exclusion", "发动机进水损坏除外特约"),
    "goods": ("Goods on board", "车上货物责任险"),
    "mental_distress": ("Mental distress", "精神损害抚慰金责任险"),
    "holiday_double": ("Holiday limit doubled", "法定节假日限额翻倍险"),
    "medical_outside_insurance": ("Medical costs outside insurance", "医保外医疗费用责任险"),
    "value_added_service": ("Value-added services", "机动车增值服务特约"),
}

STEP_NAMES: dict[str, tuple[str, str]] = {
    "customer": ("Customer", "客户"),
    "vehicle": ("Vehicle", "车辆"),
    "coverage": ("Coverage", "险种方案"),
    "review": ("Review and signature", "确认签名"),
    "payment": ("Payment and issue", "缴费出单"),
}

CHANNEL_NAMES: dict[str, tuple[str, str]] = {
    "outlet": ("At the desk", "网点柜面"),
    "command_line": ("Command line or request file", "命令行/请求文件"),
    "renewal": ("Renewal", "续保"),
}

COMPLAINT_CATEGORIES: dict[str, tuple[str, str]] = {
    "sales": ("Sales practice", "销售行为"),
    "premium": ("Premium or price", "保费价格"),
    "service": ("Service at the desk", "柜面服务"),
    "documents": ("Policy documents", "保单单证"),
    "delivery": ("E-policy delivery", "电子保单送达"),
    "personal_data": ("Personal data", "个人信息"),
    "claims": ("Claims", "理赔"),
    "other": ("Other", "其他"),
}

COMPLAINT_CHANNELS: dict[str, tuple[str, str]] = {
    "desk": ("At the desk", "柜面"),
    "phone": ("Phone", "电话"),
    "letter": ("Letter or e-mail", "信函/邮件"),
    "regulator": ("Passed on by the regulator", "监管转办"),
    "insurer": ("Passed on by the insurer", "保险公司转办"),
    "online": ("Online", "网络"),
}

COMPLAINT_TARGETS: dict[str, tuple[str, str]] = {
    "policy": ("A policy", "保单"),
    "clerk": ("A clerk", "出单员"),
    "outlet": ("The outlet", "网点"),
}


def label(key: str, lang: str, table: dict[str, tuple[str, str]] = LABELS) -> str:
    """The name in `lang` ("zh…" or anything else for English); an unknown key names itself."""
    pair = table.get(key)
    if pair is None:
        return key
    return pair[1] if lang.startswith("zh") else pair[0]
