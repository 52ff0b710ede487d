"""Writes resources/training/scenarios/*.json: the shipped training scenarios, one beginner and one
advanced version of every exception family (docs/training.md). The people and vehicles come from
the specimen generator the OCR tests use (app/training/specimens.py): valid ID numbers,
VINs and plates, made up, seeded so the files are the same on every run.

    .venv/bin/python -m scripts.make_training_scenarios
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from app.training.specimens import make

OUT = Path(__file__).resolve().parents[1] / "resources" / "training" / "scenarios"


def T(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def cp(
    cid: str,
    step: str,
    prompt: dict[str, str],
    options: dict[str, dict[str, str]],
    expected: str,
    trap: str,
    rule: dict[str, str],
    source: str,
    points: int = 1,
    costly: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": cid,
        "step": step,
        "prompt": prompt,
        "options": options,
        "expected": expected,
        "trap": trap,
        "rule": {**rule, "source": source},
        "points": points,
    }
    if costly:
        d["costly"] = costly
    return d


# Checkpoints every advanced scenario adds: the consent and the signed schedule, where a hurried
# clerk cuts corners whatever the exception is.
CONSENT_CP = cp(
    "consent_separate",
    "customer",
    T(
        "客户同意处理个人信息了吗？",
        "Has the customer consented to the processing of personal data?",
    ),
    {
        "ask_separately": T("单独询问并勾选同意", "Ask separately and record the consent"),
        "tick_for_them": T("替客户勾选", "Tick it for the customer"),
    },
    "ask_separately",
    "tick_for_them",
    T(
        "敏感个人信息须取得单独同意（个人信息保护法第29条）。",
        "Sensitive personal data needs the person's separate consent (PIPL art. 29).",
    ),
    "docs/regulations.md §10.1",
    costly={
        "tick_for_them": T(
            "未经同意处理个人信息，违反个人信息保护法。",
            "Processing without consent breaks the PIPL.",
        )
    },
)
REVIEW_CP = cp(
    "review_with_customer",
    "review",
    T("签字前如何核对保单内容？", "How is the schedule checked before the signature?"),
    {
        "read_checklist": T(
            "与客户逐项核对清单后签字", "Go through the checklist with the customer, then sign"
        ),
        "sign_first": T("先让客户签字，之后再核对", "Have the customer sign first, check later"),
    },
    "read_checklist",
    "sign_first",
    T(
        "签字确认的是已核对的保单内容；签字后内容变化须重新签字。",
        "The signature confirms a schedule that was checked; a changed schedule is signed again.",
    ),
    "docs/architecture.md, The issuance flow (review and signature)",
)


def families() -> dict[str, dict[str, Any]]:
    """Each family: its events and its own checkpoints (beginner plays the first, advanced all)."""
    return {
        "hq_rejects_premium_mismatch": {
            "title": T("总公司因保费不一致驳回", "Head office rejects for a premium mismatch"),
            "brief": T(
                "保单已出具暂保单，同步后总公司以保费不一致驳回。",
                "The cover note is out; on sync head office rejects the policy: the premium differs.",
            ),
            "events": [
                {
                    "type": "hq_rejects_premium_mismatch",
                    "step": "confirm",
                    "detail": {"reason": "premium_mismatch"},
                }
            ],
            "cps": [
                cp(
                    "rejection_handling",
                    "confirm",
                    T("总公司驳回了保单，怎么办？", "Head office rejected the policy. What now?"),
                    {
                        "contact_and_requote": T(
                            "在待处理中查看原因，联系客户，按新费率重新报价签字",
                            "Read the reason in 待处理, call the customer, re-quote and have it signed again",
                        ),
                        "tell_customer_covered": T(
                            "告诉客户已承保，无需处理",
                            "Tell the customer they are covered, do nothing",
                        ),
                        "resubmit_unchanged": T("原样重新提交", "Resubmit unchanged"),
                    },
                    "contact_and_requote",
                    "tell_customer_covered",
                    T(
                        "被驳回的保单未获确认，客户没有正式保单；保费须按总公司费率重新计算。",
                        "A rejected policy is not confirmed: the customer has no formal policy, and the premium must be worked out again at head office's rates.",
                    ),
                    "docs/regulations.md §8.2",
                    2,
                    {
                        "tell_customer_covered": T(
                            "客户以为有保障而实际未确认，出险时产生纠纷。",
                            "The customer believes they are covered; a claim would be disputed.",
                        )
                    },
                ),
                cp(
                    "rate_table_current",
                    "coverage",
                    T("重新报价前先做什么？", "Before quoting again?"),
                    {
                        "sync_rates": T("同步获取最新费率表", "Sync to get the newest rate table"),
                        "quote_old_table": T(
                            "用本机旧费率表直接报价", "Quote with the old table on the desk"
                        ),
                    },
                    "sync_rates",
                    "quote_old_table",
                    T(
                        "总公司按其持有的费率表重新计算；桌面端费率表过期会再次驳回。",
                        "Head office re-prices with its table; a stale desk table is rejected again.",
                    ),
                    "docs/architecture.md, Rate tables and rating",
                ),
            ],
        },
        "underwriting_refers": {
            "title": T("核保转人工", "Underwriting refers the case"),
            "brief": T(
                "商业险报价触发核保规则，需主管审批。",
                "The commercial quote fires an underwriting rule: a supervisor must decide.",
            ),
            "events": [
                # The platform's answer the customer's history carries: one drunk-driving
                # record, which the shipped underwriting rules refer (UW_DRUNK), so the real
                # issuance refers it and the simulated head office decides.
                {
                    "type": "underwriting_refers",
                    "step": "coverage",
                    "detail": {"decision": "refer", "history": {"drunk_driving": 1}},
                }
            ],
            "cps": [
                cp(
                    "referral_route",
                    "coverage",
                    T("报价被转人工核保，怎么办？", "The quote is referred. What now?"),
                    {
                        "ask_supervisor": T(
                            "请主管用自己的账号审批",
                            "Ask the supervisor to decide with their own log-in",
                        ),
                        "use_supervisor_password": T(
                            "用主管的密码自己审批",
                            "Approve it yourself with the supervisor's password",
                        ),
                        "change_covers_silently": T(
                            "不告知客户，自行删减险种绕过规则",
                            "Drop covers without telling the customer to get past the rule",
                        ),
                    },
                    "ask_supervisor",
                    "use_supervisor_password",
                    T(
                        "转人工的案件由主管以本人身份决定，并记录在审计日志。",
                        "A referred case is decided by a supervisor under their own identity, and audited.",
                    ),
                    "docs/architecture.md, The issuance flow (coverage and underwriting)",
                    2,
                    {
                        "use_supervisor_password": T(
                            "冒用他人账号，违反权限规定。",
                            "Using another's account breaks the access rules.",
                        )
                    },
                ),
                cp(
                    "decision_scope",
                    "coverage",
                    T(
                        "审批通过后客户要加一个附加险，怎么办？",
                        "After approval the customer wants another rider. What now?",
                    ),
                    {
                        "refer_again": T(
                            "重新报价，如再触发规则则重新审批",
                            "Quote again; refer again if a rule fires",
                        ),
                        "keep_approval": T("沿用原审批直接出单", "Keep the approval and issue"),
                    },
                    "refer_again",
                    "keep_approval",
                    T(
                        "审批只对所报价的内容有效。",
                        "A decision holds for exactly what was priced.",
                    ),
                    "docs/architecture.md, The issuance flow (coverage and underwriting)",
                ),
            ],
        },
        "underwriting_declines_commercial": {
            "title": T("商业险拒保", "Commercial cover declined"),
            "brief": T(
                "核保规则拒绝了商业险。", "The underwriting rules decline the commercial cover."
            ),
            "events": [
                {
                    "type": "underwriting_declines_commercial",
                    "step": "coverage",
                    # Referred by the real rules (UW_DRUNK, as above); head office declines.
                    "detail": {"decision": "decline", "history": {"drunk_driving": 1}},
                }
            ],
            "cps": [
                cp(
                    "ctpl_alone",
                    "coverage",
                    T("商业险被拒，交强险怎么办？", "Commercial cover is declined. And CTPL?"),
                    {
                        "offer_ctpl_only": T(
                            "告知客户并单独出具交强险", "Tell the customer and issue CTPL alone"
                        ),
                        "refuse_all": T("交强险也不出", "Refuse CTPL too"),
                    },
                    "offer_ctpl_only",
                    "refuse_all",
                    T(
                        "交强险不得拒保或拖延（交强险条例第10条）。",
                        "CTPL may never be refused or delayed (CTPL regulation art. 10).",
                    ),
                    "docs/regulations.md §8.7",
                    2,
                    {
                        "refuse_all": T(
                            "拒保交强险违反交强险条例。",
                            "Refusing CTPL breaks the CTPL regulation.",
                        )
                    },
                ),
                cp(
                    "explain_decline",
                    "coverage",
                    T("客户问为什么被拒？", "The customer asks why."),
                    {
                        "state_rule": T("说明触发的核保规则", "State the rule that fired"),
                        "blame_system": T("说系统故障", "Say the system is broken"),
                    },
                    "state_rule",
                    "blame_system",
                    T(
                        "核保决定列出触发的每一条规则，应如实告知。",
                        "The decision lists every rule that fired; tell the customer truthfully.",
                    ),
                    "docs/architecture.md, Rate tables and rating",
                ),
            ],
        },
        "card_limit_then_qr": {
            "title": T("刷卡超限，余款扫码", "Card over its limit, the rest by QR"),
            "brief": T(
                "刷卡因限额失败，客户用二维码支付余款。",
                "The card payment fails on its limit; the customer pays the rest by QR.",
            ),
            "events": [
                {
                    "type": "card_limit_then_qr",
                    "step": "payment",
                    "detail": {"card_limit_fen": 300000},
                }
            ],
            "cps": [
                cp(
                    "failed_part",
                    "payment",
                    T("刷卡失败后怎么记录？", "The card fails. How is it recorded?"),
                    {
                        "record_failed_then_qr": T(
                            "记录失败的刷卡及原因，余款用二维码收取",
                            "Record the failed card part with its reason, take the rest by QR",
                        ),
                        "issue_unpaid": T(
                            "先出单，让客户以后再付", "Issue now, the customer pays later"
                        ),
                    },
                    "record_failed_then_qr",
                    "issue_unpaid",
                    T(
                        "见费出单：保费足额到账前不得出单。",
                        "No policy before the premium is paid in full (见费出单).",
                    ),
                    "docs/regulations.md §8.3",
                    2,
                    {
                        "issue_unpaid": T(
                            "未收保费出单，违反见费出单规定，网点垫付风险。",
                            "Issuing unpaid breaks 见费出单; the outlet carries the premium.",
                        )
                    },
                ),
                cp(
                    "payer_name",
                    "payment",
                    T(
                        "朋友用他自己的手机扫码付款？",
                        "A friend offers to pay the QR from his own phone?",
                    ),
                    {
                        "policyholder_pays": T(
                            "请投保人本人账户付款", "The policyholder pays from their own account"
                        ),
                        "accept_friend": T("接受朋友付款", "Accept the friend's payment"),
                    },
                    "policyholder_pays",
                    "accept_friend",
                    T(
                        "实名缴费：保费须来自投保人本人账户。",
                        "Real-name payment: the premium comes from the policyholder's own account.",
                    ),
                    "docs/regulations.md §8.4",
                ),
            ],
        },
        "registry_model_mismatch": {
            "title": T("车型与车管信息不一致", "The registry disagrees on the model"),
            "brief": T(
                "车辆信息查询返回的车型与行驶证不同。",
                "The registry look-up returns another model than the licence.",
            ),
            "events": [
                {
                    "type": "registry_model_mismatch",
                    "step": "coverage",
                    "detail": {"field": "model"},
                }
            ],
            "cps": [
                cp(
                    "mismatch_check",
                    "coverage",
                    T(
                        "查询结果的车型与录入不同，怎么办？",
                        "The registry's model differs from what was entered.",
                    ),
                    {
                        "check_document": T(
                            "对照行驶证原件核实，以核实结果为准并留待处理",
                            "Check the original licence, keep what it says, leave the 待处理 item",
                        ),
                        "ignore": T("忽略，按录入出单", "Ignore it and issue as entered"),
                    },
                    "check_document",
                    "ignore",
                    T(
                        "与车管信息不一致的保单须人工核实（待处理）。",
                        "A policy the registry disagrees with is verified by hand (待处理).",
                    ),
                    "docs/architecture.md, The issuance flow (coverage and underwriting)",
                    2,
                    {
                        "ignore": T(
                            "车型错误导致保费和理赔基础错误。",
                            "A wrong model prices and pays claims on the wrong vehicle.",
                        )
                    },
                ),
                cp(
                    "vin_recheck",
                    "vehicle",
                    T("还要核对什么？", "What else is checked?"),
                    {
                        "recheck_vin": T("重新核对车架号", "Check the VIN again"),
                        "skip": T("不需要", "Nothing"),
                    },
                    "recheck_vin",
                    "skip",
                    T(
                        "车型不一致常因车架号录错；车架号有校验位。",
                        "A model mismatch often comes from a mistyped VIN; the VIN has a check digit.",
                    ),
                    "docs/regulations.md §7.4",
                ),
            ],
        },
        "registry_usage_mismatch": {
            "title": T("使用性质与车管信息不一致", "The registry disagrees on usage nature"),
            "brief": T(
                "客户说是非营运，车管信息为营运（预约出租客运）。",
                "The customer says private use; the registry says commercial use (ride-hailing).",
            ),
            "events": [
                {
                    "type": "registry_usage_mismatch",
                    "step": "coverage",
                    # a usage nature of the licence's list, so the desk compares it (营运 alone
                    # is no usage nature: app/issuance/registry_check.py would pass it by)
                    "detail": {"field": "usage", "registry": "预约出租客运"},
                }
            ],
            "cps": [
                cp(
                    "usage_rating",
                    "coverage",
                    T("按哪个使用性质报价？", "Which usage nature is priced?"),
                    {
                        "registry_usage": T(
                            "按行驶证/车管登记的使用性质，并告知客户",
                            "The registered usage (licence/registry), told to the customer",
                        ),
                        "customer_says": T(
                            "按客户口述的非营运", "What the customer says (private)"
                        ),
                    },
                    "registry_usage",
                    "customer_says",
                    T(
                        "使用性质决定费率类别，以登记为准。",
                        "Usage nature sets the rating class; the registration decides.",
                    ),
                    "docs/regulations.md §7.6",
                    2,
                    {
                        "customer_says": T(
                            "营运车按非营运承保，保费不足且理赔可能被拒。",
                            "A commercial vehicle priced as private pays too little and claims may be refused.",
                        )
                    },
                ),
                cp(
                    "usage_note",
                    "review",
                    T("如何留痕？", "How is it recorded?"),
                    {
                        "keep_item": T(
                            "保留待处理记录并说明核实结果",
                            "Keep the 待处理 item with what was verified",
                        ),
                        "delete_note": T("关闭提示不留记录", "Dismiss without a note"),
                    },
                    "keep_item",
                    "delete_note",
                    T("不一致须留有核实记录。", "A mismatch keeps a record of its verification."),
                    "docs/architecture.md, The issuance flow (coverage and underwriting)",
                ),
            ],
        },
        "lookup_delayed": {
            "title": T("第三方查询延迟", "A third-party look-up is delayed"),
            "brief": T("车辆信息查询迟迟没有结果。", "The registry look-up does not answer."),
            "events": [{"type": "lookup_delayed", "step": "coverage", "detail": {"minutes": 45}}],
            "cps": [
                cp(
                    "delay_handling",
                    "coverage",
                    T("查询超时，怎么办？", "The look-up is late. What now?"),
                    {
                        "queue_and_flag": T(
                            "查询排队，保单标记为待人工核实，继续办理",
                            "Let it queue, the policy is flagged for manual verification, carry on",
                        ),
                        "invent_answer": T(
                            "按经验填写查询结果", "Fill in what the answer probably is"
                        ),
                    },
                    "queue_and_flag",
                    "invent_answer",
                    T(
                        "离线时查询排队，保单标记人工核实；不得编造结果。",
                        "Offline the look-up queues and the policy is flagged for manual verification; never invent the answer.",
                    ),
                    "docs/architecture.md, The issuance flow (coverage and underwriting)",
                    2,
                    {
                        "invent_answer": T(
                            "编造的查询结果可能掩盖重复投保或错误费率。",
                            "An invented answer can hide duplicate cover or a wrong rate.",
                        )
                    },
                ),
                cp(
                    "tell_customer",
                    "review",
                    T("告诉客户什么？", "What is the customer told?"),
                    {
                        "provisional": T(
                            "暂保单待总公司确认", "The cover note awaits head office's confirmation"
                        ),
                        "final": T("保单已正式生效", "The policy is final"),
                    },
                    "provisional",
                    "final",
                    T(
                        "暂保单须注明待保险公司确认。",
                        "A cover note says it awaits the insurer's confirmation.",
                    ),
                    "docs/regulations.md §8.2",
                ),
            ],
        },
        "duplicate_cover": {
            "title": T("车架号重复投保", "Duplicate cover on the VIN"),
            "brief": T("该车架号已有期内交强险。", "The VIN already has CTPL for these days."),
            "events": [
                {
                    "type": "duplicate_cover",
                    "step": "coverage",
                    # days from the day it is played: a start after it is within the 90 days
                    # a table lets cover start ahead, whenever the scenario is played
                    "detail": {"other_ends_in_days": 45},
                }
            ],
            "cps": [
                cp(
                    "duplicate_handling",
                    "coverage",
                    T("系统提示重复投保，怎么办？", "Duplicate cover is reported. What now?"),
                    {
                        "start_after_other": T(
                            "告知客户，起保日期设在原保单到期之后",
                            "Tell the customer; start after the other policy ends",
                        ),
                        "change_vin": T(
                            "改一位车架号绕过检查", "Change a VIN character to get past it"
                        ),
                    },
                    "start_after_other",
                    "change_vin",
                    T(
                        "同一车辆同一期间不得有两份交强险。",
                        "A vehicle may not carry two CTPL policies for the same days.",
                    ),
                    "docs/regulations.md §1.8",
                    2,
                    {
                        "change_vin": T(
                            "篡改车架号属虚假投保。", "Altering the VIN is a false application."
                        )
                    },
                ),
                cp(
                    "commercial_only",
                    "coverage",
                    T("客户只想现在买商业险？", "The customer wants commercial cover now only?"),
                    {
                        "commercial_now": T(
                            "可以单独投保商业险，交强险到期再续",
                            "Commercial cover alone now, CTPL when the other ends",
                        ),
                        "refuse": T("拒绝办理", "Refuse"),
                    },
                    "commercial_now",
                    "refuse",
                    T(
                        "重复的是交强险期间；商业险可单独承保。",
                        "The overlap is the CTPL's; commercial cover can be issued alone.",
                    ),
                    "docs/regulations.md §1.8",
                ),
            ],
        },
        "ocr_misread": {
            "title": T("识别错误须由出单员发现", "An OCR misread the clerk must catch"),
            "brief": T(
                "行驶证照片模糊，识别结果有一位字符读错。",
                "The licence photo is blurred; one character of what was read is wrong.",
            ),
            # The misread itself is the vehicle's own (`misread`): on the VIN, where its check
            # digit catches it (beginner), or on the engine number, where nothing does (advanced).
            "events": [],
            "cps": [
                cp(
                    "compare_scan",
                    "vehicle",
                    T("识别结果已填入，下一步？", "The read values are filled in. Next?"),
                    {
                        "compare_with_document": T(
                            "逐项对照证件原件核对", "Compare each field with the document"
                        ),
                        "accept": T("直接下一步", "Go on"),
                    },
                    "compare_with_document",
                    "accept",
                    T(
                        "识别结果须经人工核对；车架号有校验位可发现多数错误。",
                        "Read values are checked by a person; the VIN's check digit catches most slips.",
                    ),
                    "docs/regulations.md §7.4",
                    2,
                    {
                        "accept": T(
                            "车架号错误的保单理赔时对不上车辆。",
                            "A policy on the wrong VIN does not match the vehicle at a claim.",
                        )
                    },
                ),
                cp(
                    "rescan",
                    "vehicle",
                    T("照片模糊怎么办？", "The photo is blurred."),
                    {
                        "rescan": T("重新拍摄清晰照片", "Take a sharp photo again"),
                        "keep": T("保留模糊照片", "Keep the blurred one"),
                    },
                    "rescan",
                    "keep",
                    T(
                        "存档的证件影像应清晰可读。",
                        "The archived document image must be readable.",
                    ),
                    "docs/regulations.md §7.7",
                ),
            ],
        },
        "id_expired": {
            "title": T("身份证已过期", "An expired ID card"),
            "brief": T(
                "投保人出示的身份证已过有效期。", "The policyholder's ID card is past its validity."
            ),
            "events": [{"type": "id_expired", "step": "customer", "detail": {}}],
            "cps": [
                cp(
                    "expired_id",
                    "customer",
                    T("身份证过期了，怎么办？", "The ID card has expired."),
                    {
                        "ask_valid_document": T(
                            "请客户出示有效证件（如临时身份证）",
                            "Ask for a valid document (e.g. a temporary ID card)",
                        ),
                        "accept_expired": T("照常使用过期证件", "Use the expired card anyway"),
                    },
                    "ask_valid_document",
                    "accept_expired",
                    T("身份核验须凭有效身份证件。", "Identity is verified on a valid document."),
                    "docs/regulations.md §7.1",
                    2,
                    {
                        "accept_expired": T(
                            "以失效证件核验身份，违反客户身份识别要求。",
                            "Verifying on an expired document breaks customer identification.",
                        )
                    },
                ),
                cp(
                    "validity_date",
                    "customer",
                    T("在哪里看有效期？", "Where is the validity read?"),
                    {
                        "back_side": T("身份证背面的有效期限", "The validity on the card's back"),
                        "birth_date": T("出生日期", "The date of birth"),
                    },
                    "back_side",
                    "birth_date",
                    T(
                        "有效期限印在身份证背面（签发机关一面）。",
                        "The validity period is on the back (the issuing authority's side).",
                    ),
                    "docs/regulations.md §7.1",
                ),
            ],
        },
        "large_cash_aml": {
            "title": T("大额现金触发反洗钱登记", "A large cash payment triggers the AML record"),
            "brief": T(
                "车队客户当天为名下多辆车以现金合计支付 52,000 元保费。",
                "A fleet customer pays 52,000 yuan in cash today for the premiums of several vehicles.",
            ),
            "events": [
                {"type": "large_cash_aml", "step": "payment", "detail": {"cash_fen": 5200000}}
            ],
            "cps": [
                cp(
                    "aml_record",
                    "payment",
                    T("现金达到大额标准，怎么办？", "The cash reaches the large-value threshold."),
                    {
                        "record_aml": T(
                            "填写大额交易登记（证件、国籍、职业、原因）",
                            "Fill in the large-value record (document, nationality, occupation, reason)",
                        ),
                        "split_cash": T("拆成几笔小额现金", "Split it into smaller cash parts"),
                    },
                    "record_aml",
                    "split_cash",
                    T(
                        "单日现金达 5 万元须做大额交易记录；拆分规避属可疑交易。",
                        "Cash of 50,000 yuan in a day is reported; splitting it to avoid that is suspicious.",
                    ),
                    "docs/regulations.md §10.2",
                    2,
                    {
                        "split_cash": T(
                            "拆分规避大额报告违反反洗钱规定。",
                            "Structuring to avoid the report breaks the AML rules.",
                        )
                    },
                ),
                cp(
                    "record_keeping",
                    "payment",
                    T("登记保存多久？", "How long is the record kept?"),
                    {
                        "five_years": T("至少五年", "At least five years"),
                        "until_confirmed": T("保单确认后即可删除", "Until the policy is confirmed"),
                    },
                    "five_years",
                    "until_confirmed",
                    T("反洗钱记录至少保存五年。", "AML records are kept for at least five years."),
                    "docs/regulations.md §10.2",
                ),
            ],
        },
        "consent_refused": {
            "title": T("客户拒绝授权", "The customer refuses consent"),
            "brief": T(
                "客户不同意处理个人信息。",
                "The customer does not consent to processing personal data.",
            ),
            "events": [{"type": "consent_refused", "step": "customer", "detail": {}}],
            "cps": [
                cp(
                    "refused_consent",
                    "customer",
                    T("客户拒绝授权，怎么办？", "The customer refuses consent."),
                    {
                        "explain_and_stop": T(
                            "说明用途；仍拒绝则不能办理，不保存其信息",
                            "Explain why it is needed; if still refused, stop and keep nothing",
                        ),
                        "tick_anyway": T("替客户勾选同意", "Tick consent for them"),
                    },
                    "explain_and_stop",
                    "tick_anyway",
                    T(
                        "处理敏感个人信息须取得单独同意并告知必要性。",
                        "Sensitive personal data needs separate consent and a notice of why it is needed.",
                    ),
                    "docs/regulations.md §10.1",
                    2,
                    {
                        "tick_anyway": T(
                            "伪造同意，违反个人信息保护法，最高罚款五千万元。",
                            "Faked consent breaks the PIPL (fines up to 50 million yuan).",
                        )
                    },
                ),
                cp(
                    "discard_scans",
                    "customer",
                    T("已扫描的证件照片怎么办？", "What about the scans already taken?"),
                    {
                        "discard_draft": T(
                            "放弃草稿，删除扫描件", "Discard the draft and its scans"
                        ),
                        "keep_for_later": T("保留以备下次", "Keep them for next time"),
                    },
                    "discard_draft",
                    "keep_for_later",
                    T(
                        "无合法依据不得保存证件影像。",
                        "Without a lawful basis the ID images are not kept.",
                    ),
                    "docs/regulations.md §10.1",
                ),
            ],
        },
        "endorsement_special_agreement": {
            "title": T("特约批改", "An endorsement with a special agreement"),
            "brief": T(
                "客户要求批改并加入特别约定。",
                "The customer asks for an endorsement that adds a special agreement.",
            ),
            "events": [{"type": "endorsement_special_agreement", "step": "endorse", "detail": {}}],
            "cps": [
                cp(
                    "special_agreement",
                    "endorse",
                    T(
                        "客户口头要求加一条特约，怎么办？",
                        "The customer asks for a special agreement by word of mouth.",
                    ),
                    {
                        "written_endorsement": T(
                            "出具批单，特约内容经客户确认签字",
                            "Issue an endorsement (批单) with the agreement, signed by the customer",
                        ),
                        "verbal_promise": T("口头答应即可", "Promise it verbally"),
                    },
                    "written_endorsement",
                    "verbal_promise",
                    T(
                        "保单内容的变更以批单为准。",
                        "A change to the policy exists only as an endorsement.",
                    ),
                    "docs/regulations.md §9.1",
                    2,
                    {
                        "verbal_promise": T(
                            "口头承诺无效，理赔纠纷由网点承担。",
                            "A verbal promise binds nothing; the dispute lands on the outlet.",
                        )
                    },
                ),
                cp(
                    "premium_change",
                    "endorse",
                    T("特约影响保费吗？", "Does the agreement change the premium?"),
                    {
                        "reprice": T(
                            "按批改重新计算保费差额", "Price the difference for the endorsement"
                        ),
                        "free": T("免费加上", "Add it free"),
                    },
                    "reprice",
                    "free",
                    T(
                        "批改的保费按日计算差额。",
                        "An endorsement's premium difference is priced by the day.",
                    ),
                    "docs/regulations.md §9.2",
                ),
            ],
        },
    }


def _first(kind: str, start: int, fits) -> tuple[int, dict[str, str]]:
    """The first specimen from seed `start` on whose values fit the scenario."""
    seed = start
    while True:
        fields = make(kind, seed).fields
        if fits(fields):
            return seed, fields
        seed += 1


def scenario(family: str, spec: dict[str, Any], level: str, seed: int) -> dict[str, Any]:
    """The customer and vehicle are the generated documents' own values: the ID card's front
    (name, number) and back (validity: expired for `id_expired`, else valid long after the
    scenarios' time), and the 行驶证 (a private car: the example request's usage)."""
    rng = random.Random(seed)
    front_seed, front = _first("id-front", seed * 10, lambda f: True)
    expired = family == "id_expired"
    back_seed, back = _first(
        "id-back",
        seed * 10,
        lambda f: (
            (f["valid_until"] < "2025-01-01")
            if expired
            else (f["valid_until"] == "长期" or f["valid_until"] > "2031-01-01")
        ),
    )
    licence_seed, licence = _first("vehicle-licence", seed * 10, lambda f: f["usage"] == "非营运")
    cust = {
        "name": front["name"],
        "id_number": front["id_number"],
        "address": front["address"],
        "mobile": "170" + "".join(rng.choice("0123456789") for _ in range(8)),
        "id_valid_until": back["valid_until"],
    }
    says = {
        "purpose": T("给我的车买保险。", "Insurance for my car."),
        "consent": T("不同意。", "No, I don't agree.")
        if family == "consent_refused"
        else T("同意。", "Yes, I agree."),
        "payment": T("现金。", "Cash.") if family == "large_cash_aml" else T("刷卡。", "By card."),
    }
    if family == "registry_usage_mismatch":
        says["usage"] = T("自己开，不跑营运。", "I drive it myself, not for hire.")
    vehicle = {
        "vin": licence["vin"],
        "plate": licence["plate"],
        "model": licence["brand_model"],
        "usage": licence["usage"],
        "registered": licence["registration_date"],
        "owner": licence["owner"],
        "engine_number": licence["engine_number"],
    }
    degraded = level == "advanced" or family == "ocr_misread"
    cps = spec["cps"][:1] if level == "beginner" else [*spec["cps"], CONSENT_CP, REVIEW_CP]
    if family == "consent_refused":
        cps = [c for c in cps if c["id"] != "consent_separate"]  # its own first checkpoint
    d: dict[str, Any] = {
        "schema": "chudan.training.scenario",
        "version": 1,
        "id": f"{family.replace('_', '-')}-{level}",
        "family": family,
        "level": level,
        "title": {
            k: v
            + (
                " · 初级"
                if k == "zh" and level == "beginner"
                else " · 进阶"
                if k == "zh"
                else " · beginner"
                if level == "beginner"
                else " · advanced"
            )
            for k, v in spec["title"].items()
        },
        "brief": spec["brief"],
        "customer": {**cust, "says": says},
        "vehicle": vehicle,
        "documents": [
            {"kind": "id-front", "seed": front_seed, "degraded": degraded},
            {"kind": "id-back", "seed": back_seed, "degraded": degraded},
            {"kind": "vehicle-licence", "seed": licence_seed, "degraded": degraded},
        ],
        "events": spec["events"] or [misread(vehicle, level)],
        "checkpoints": cps,
    }
    return d


# Characters a blurred photo is read as instead (the reader's usual confusions).
LOOKALIKE = {"2": "Z", "Z": "2", "8": "B", "B": "8", "0": "D", "D": "0", "5": "S", "S": "5"}


def misread(vehicle: dict[str, Any], level: str) -> dict[str, Any]:
    """The `ocr_misread` event of a vehicle: one character read as its lookalike. Beginner: in
    the VIN, so its check digit refuses the value read; advanced: in the engine number, which has
    no check, so only comparing with the document finds it."""
    from app.vehicle import check_engine_number, check_vin

    field = "vin" if level == "beginner" else "engine_number"
    value = vehicle[field]
    for i, c in enumerate(value):
        if c not in LOOKALIKE or (field == "vin" and i < 9):  # after the check digit
            continue
        read = value[:i] + LOOKALIKE[c] + value[i + 1 :]
        if (not check_vin(read).valid) if field == "vin" else check_engine_number(read).valid:
            return {
                "type": "ocr_misread",
                "step": "vehicle",
                "detail": {"field": field, "position": i + 1, "read": LOOKALIKE[c]},
            }
    raise ValueError(f"no character of {field} has a lookalike")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    for i, (family, spec) in enumerate(families().items()):
        for j, level in enumerate(("beginner", "advanced")):
            doc = scenario(family, spec, level, 1900 + 2 * i + j)
            path = OUT / f"{doc['id']}.json"
            path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{len(list(OUT.glob('*.json')))} scenarios in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
