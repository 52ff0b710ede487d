<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmlDialog</name>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="17"/>
        <source>Large cash payment record</source>
        <translation>大额现金交易登记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="19"/>
        <source>Cash of %1 yuan needs the large-value record before it is taken.</source>
        <translation>现金 %1 元须先登记大额交易信息后方可收取。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="31"/>
        <source>Payer&apos;s ID number</source>
        <translation>缴款人证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="32"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="33"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="34"/>
        <source>Purpose of the payment</source>
        <translation>交易用途</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="54"/>
        <source>Fill in every line of the record.</source>
        <translation>请填写全部登记项目。</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ui/wizard/camera.py" line="33"/>
        <source>Take a photo of the document</source>
        <translation>拍摄证件照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="38"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="39"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="62"/>
        <source>Taking the photo…</source>
        <translation>正在拍照…</translation>
    </message>
</context>
<context>
    <name>CheckedField</name>
    <message>
        <location filename="../../ui/wizard/fields.py" line="36"/>
        <source>Matches the document</source>
        <translation>与证件一致</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/fields.py" line="38"/>
        <source>The value read from the scan is the same as on the document.</source>
        <translation>识别结果与证件原件一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/fields.py" line="79"/>
        <source>Read from the scan with low confidence: compare with the document.</source>
        <translation>扫描识别置信度低，请与证件核对。</translation>
    </message>
</context>
<context>
    <name>CoverageStep</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="584"/>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="586"/>
        <source>Basic: CTPL + third party 1M</source>
        <translation>基础：交强险 + 三者险 100 万</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="587"/>
        <source>Standard: + own damage, 2M third party, seats</source>
        <translation>标准：另加车损险、三者险 200 万、座位险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="588"/>
        <source>Full: + scratches, medical, services</source>
        <translation>全面：另加划痕、医保外医疗、增值服务</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="589"/>
        <source>Custom: choose the covers</source>
        <translation>自选：逐项选择险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="595"/>
        <source>Cover starts</source>
        <translation>起保日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="602"/>
        <source>CTPL years without a claim (platform)</source>
        <translation>交强险连续无赔年数（平台查询）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="606"/>
        <source>At-fault CTPL claims last year</source>
        <translation>上年交强险有责赔款次数</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="610"/>
        <source>NCD level (platform)</source>
        <translation>无赔款优待等级（平台查询）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="613"/>
        <source>Drink-driving records</source>
        <translation>饮酒驾驶记录（次）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="616"/>
        <source>Drunk-driving records</source>
        <translation>醉酒驾驶记录（次）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="625"/>
        <source>Show how the premium is worked out</source>
        <translation>查看保费计算过程</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="631"/>
        <source>Supervisor decision…</source>
        <translation>主管审批…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="633"/>
        <source>Send to head office</source>
        <translation>送总公司核保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="665"/>
        <source>Covers</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="715"/>
        <source>Premium %1 yuan</source>
        <translation>保费 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="729"/>
        <source>Underwriting: pass</source>
        <translation>核保：通过</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="734"/>
        <source>Underwriting: referred to a supervisor</source>
        <translation>核保：转主管人工核保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="736"/>
        <source>Underwriting: declined</source>
        <translation>核保：拒保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="740"/>
        <source>Approved by %1: %2</source>
        <translation>已由 %1 批准：%2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="745"/>
        <source>Declined by %1: %2</source>
        <translation>已被 %1 拒绝：%2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="750"/>
        <source>Waiting for a supervisor in the 待处理 queue.</source>
        <translation>已提交待处理，等待主管审批。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="768"/>
        <source>Registry: matches the vehicle licence.</source>
        <translation>登记信息：与行驶证一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="773"/>
        <source>Registry look-up waiting (offline): the policy will be flagged for manual verification and the licence photo kept.</source>
        <translation>登记信息查询等待中（离线）：保单将标记为待人工核实，并保留行驶证照片。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="782"/>
        <source>Registry differs: %1. Check the licence itself; the policy will be flagged for manual verification.</source>
        <translation>登记信息不一致：%1。请核对行驶证原件；保单将标记为待人工核实。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="798"/>
        <source>Waiting for the premium…</source>
        <translation>正在等待报价…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="802"/>
        <source>Underwriting declines this policy; it cannot be issued.</source>
        <translation>核保拒保，不能出单。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="807"/>
        <source>A supervisor declined this policy; it cannot be issued as it is.</source>
        <translation>主管已拒绝承保，按现方案不能出单。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="809"/>
        <source>Underwriting referred this policy: a supervisor must approve it first.</source>
        <translation>核保转人工：须先经主管审批。</translation>
    </message>
</context>
<context>
    <name>CustomerStep</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="177"/>
        <location filename="../../ui/wizard/steps.py" line="246"/>
        <source>Scan ID card (front)…</source>
        <translation>扫描身份证（人像面）…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="178"/>
        <source>…or drop the photo here.</source>
        <translation>……或将照片拖到此处。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="179"/>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="181"/>
        <source>Scan the back (validity)…</source>
        <translation>扫描国徽面（有效期）…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="193"/>
        <source>The policyholder is a company or organisation</source>
        <translation>投保人为单位（企业或机构）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="198"/>
        <location filename="../../ui/wizard/steps.py" line="249"/>
        <source>Policyholder&apos;s name</source>
        <translation>投保人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="201"/>
        <location filename="../../ui/wizard/steps.py" line="252"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="204"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="207"/>
        <source>E-mail (for the e-policy)</source>
        <translation>电子邮箱（接收电子保单）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="210"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="212"/>
        <source>The insured is someone else</source>
        <translation>被保险人不是投保人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="215"/>
        <source>Insured&apos;s name</source>
        <translation>被保险人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="218"/>
        <source>Insured&apos;s ID number</source>
        <translation>被保险人身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="225"/>
        <source>The customer agrees to the processing of personal information, including the ID number and payment data (sensitive), for this insurance (PIPL).</source>
        <translation>客户同意为办理本保险处理其个人信息，包括身份证号、支付信息等敏感个人信息（《个人信息保护法》单独同意）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="246"/>
        <source>Scan business licence…</source>
        <translation>扫描营业执照…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="249"/>
        <source>Organisation&apos;s name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="252"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="270"/>
        <source>ID card valid for life</source>
        <translation>身份证长期有效</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="272"/>
        <source>ID card valid until %1</source>
        <translation>身份证有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="275"/>
        <source>The ID card expired on %1: ask for a valid ID card (or a temporary one).</source>
        <translation>身份证已于 %1 过期：请客户出示有效身份证（或临时身份证）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="344"/>
        <location filename="../../ui/wizard/steps.py" line="356"/>
        <source>Check this field</source>
        <translation>请检查此项</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="350"/>
        <source>Enter the policyholder&apos;s name and ID number (or scan the ID card).</source>
        <translation>请填写投保人姓名和身份证号（或扫描身份证）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="363"/>
        <source>Enter the insured&apos;s name and ID number, or untick &apos;The insured is someone else&apos;.</source>
        <translation>请填写被保险人姓名和身份证号，或取消勾选“被保险人不是投保人”。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="368"/>
        <source>The customer&apos;s consent to processing personal information is required.</source>
        <translation>须取得客户对处理个人信息的同意。</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="165"/>
        <source>Chudan — first administrator</source>
        <translation>出单台 — 创建管理员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="168"/>
        <source>No users yet. Create the administrator account; it can then add supervisors and clerks.</source>
        <translation>尚无用户。请先创建管理员账号，之后可由管理员添加主管和出单员。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="172"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="173"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="174"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="175"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="179"/>
        <source>Create and log in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="181"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="190"/>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="42"/>
        <location filename="../../ui/pages/issue_page.py" line="49"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="45"/>
        <source>Scan the ID card and the vehicle licence, check, choose the covers, let the customer sign, take the payment and issue. Drafts are saved at every step.</source>
        <translation>扫描身份证和行驶证，核对信息，选择险种，客户签名，收费出单。每一步都会自动保存草稿。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="50"/>
        <source>Resume the selected draft</source>
        <translation>继续所选草稿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="83"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="84"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="85"/>
        <source>Coverage</source>
        <translation>险种方案</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="86"/>
        <source>Underwriting</source>
        <translation>核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="87"/>
        <source>Review and signature</source>
        <translation>复核签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="88"/>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="89"/>
        <source>Issue</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="104"/>
        <source>Customer · plate</source>
        <translation>客户 · 车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="104"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="104"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="104"/>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
</context>
<context>
    <name>IssueWizard</name>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="126"/>
        <source>1 Customer</source>
        <translation>1 客户</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="127"/>
        <source>2 Vehicle</source>
        <translation>2 车辆</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="128"/>
        <source>3 Coverage</source>
        <translation>3 险种方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="129"/>
        <source>4 Review and sign</source>
        <translation>4 复核签名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="130"/>
        <source>5 Payment and issue</source>
        <translation>5 缴费出单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="140"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="141"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="329"/>
        <source>Money has been taken for this schedule: issue the policy, or refund the payment before changing what the customer signed.</source>
        <translation>已按此投保单收取保费：请先出单，或退款后再修改客户已签名的内容。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="367"/>
        <source>The premium changed since the customer signed (now %1 yuan): check the schedule with the customer and sign again.</source>
        <translation>客户签名后保费有变化（现为 %1 元）：请与客户重新核对投保单并重新签名。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="389"/>
        <source>Choose the photo or scan</source>
        <translation>选择照片或扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="391"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="397"/>
        <source>Reading the document…</source>
        <translation>正在识别证件…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="414"/>
        <source>No ID card, vehicle licence or business licence recognised in this photo: photograph the whole document, flat and in good light.</source>
        <translation>照片中未识别出身份证、行驶证或营业执照：请将整张证件平放，在光线充足处拍摄。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="439"/>
        <source>Pricing…</source>
        <translation>正在计算保费…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="569"/>
        <source>Head office reports %1 yuan paid for this QR, not %2: check with the customer.</source>
        <translation>总公司显示此二维码实付 %1 元，而非 %2 元：请与客户核对。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="586"/>
        <source>Head office confirmed the QR payment of %1 yuan.</source>
        <translation>总公司已确认扫码支付 %1 元到账。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="659"/>
        <source>Issuing…</source>
        <translation>正在出单…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="672"/>
        <source>Issued: policy %1 (cover note, awaiting the insurer&apos;s confirmation).</source>
        <translation>已出单：保单号 %1（暂保单，待保险公司确认）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="680"/>
        <source>Not issued yet: %1</source>
        <translation>尚未出单：%1</translation>
    </message>
</context>
<context>
    <name>KeyBox</name>
    <message>
        <location filename="../../ui/pages/key_box.py" line="29"/>
        <source>Store key</source>
        <translation>数据库密钥</translation>
    </message>
    <message>
        <location filename="../../ui/pages/key_box.py" line="32"/>
        <source>In this PC&apos;s keyring only: export it, or backups die with this PC.</source>
        <translation>仅保存在本机系统钥匙串中：请导出，否则本机损坏后备份将无法读取。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/key_box.py" line="34"/>
        <source>In the file %1.</source>
        <translation>保存在文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/key_box.py" line="36"/>
        <source>Export the key…</source>
        <translation>导出密钥…</translation>
    </message>
</context>
<context>
    <name>KeyExportDialog</name>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="77"/>
        <location filename="../../ui/key_export_dialog.py" line="110"/>
        <source>Export the store key</source>
        <translation>导出数据库密钥</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="80"/>
        <source>The key is in this PC&apos;s keyring only: without an exported copy, a backup cannot be read on another PC.</source>
        <translation>密钥仅保存在本机系统钥匙串中：没有导出的副本，备份在其他电脑上无法读取。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="82"/>
        <source>The key is in the file %1 beside the store.</source>
        <translation>密钥保存在数据库旁的文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="88"/>
        <source>Export it into a file protected by a passphrase, and keep the file and the passphrase apart from the backups.</source>
        <translation>请将其导出为受口令保护的文件，并将该文件和口令与备份分开保存。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="92"/>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="93"/>
        <source>Passphrase (10+ characters)</source>
        <translation>口令（至少 10 个字符）</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="94"/>
        <source>Repeat passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="97"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="98"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="100"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="100"/>
        <location filename="../../ui/key_export_dialog.py" line="133"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="117"/>
        <source>The two passphrases differ; type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="131"/>
        <source>Key exported to %1. Keep it apart from the backups.</source>
        <translation>密钥已导出到 %1。请与备份分开保存。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="79"/>
        <source>Chudan — log in</source>
        <translation>出单台 — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="80"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="81"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="82"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="83"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="84"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="85"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="114"/>
        <source>Opening the store…</source>
        <translation>正在打开数据库…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="106"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="108"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="110"/>
        <source>Waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="111"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="112"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="113"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="122"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="131"/>
        <source>Sync: device revoked</source>
        <translation>同步：设备已停用</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>Not synced yet · waiting %1</source>
        <translation>尚未同步 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138"/>
        <source>Online · waiting %1</source>
        <translation>在线 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="140"/>
        <source>Offline · waiting %1</source>
        <translation>离线 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="163"/>
        <source>Rate table: none usable</source>
        <translation>费率表：无可用版本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="166"/>
        <source>Rate table v%1</source>
        <translation>费率表 第%1版</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>(illustrative)</source>
        <translation>（示例费率）</translation>
    </message>
</context>
<context>
    <name>OcrBox</name>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="75"/>
        <source>Document reading (OCR)</source>
        <translation>证件识别（OCR）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="76"/>
        <source>Engine</source>
        <translation>识别引擎</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="77"/>
        <source>Detection model folder</source>
        <translation>检测模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="78"/>
        <source>Recognition model folder</source>
        <translation>识别模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="79"/>
        <location filename="../../ui/pages/ocr_box.py" line="80"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="81"/>
        <source>Save OCR settings</source>
        <translation>保存识别设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="89"/>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="117"/>
        <source>Saved; the next document read uses it.</source>
        <translation>已保存，下次识别证件时生效。</translation>
    </message>
</context>
<context>
    <name>PaymentStep</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="940"/>
        <location filename="../../ui/wizard/steps.py" line="982"/>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="942"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="943"/>
        <source>Card terminal</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="944"/>
        <source>QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="945"/>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="948"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="950"/>
        <source>Reference (terminal or transfer)</source>
        <translation>参考号（刷卡或转账）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="953"/>
        <source>Failure reason (if it failed)</source>
        <translation>失败原因（如失败）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="975"/>
        <source>Record as paid</source>
        <translation>记为已付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="976"/>
        <source>Record as failed</source>
        <translation>记为失败</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="982"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="982"/>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="982"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="994"/>
        <source>Issue the policy</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="999"/>
        <source>Open the cover note PDF</source>
        <translation>打开暂保单 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1029"/>
        <source>Scan to pay %1 yuan · reference %2</source>
        <translation>扫码支付 %1 元 · 参考号 %2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1042"/>
        <source>Still to pay: %1 yuan</source>
        <translation>待缴：%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1052"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1054"/>
        <source>paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1076"/>
        <source>Enter the amount in yuan, e.g. 1200.00.</source>
        <translation>请输入金额（元），如 1200.00。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1084"/>
        <source>declined</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="1089"/>
        <source>Large cash needs its record; the payment was not taken.</source>
        <translation>大额现金须先登记，本笔款项未记录。</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="66"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="69"/>
        <source>Newest first. ID numbers and phones are masked; a supervisor can reveal one (audited).</source>
        <translation>按时间倒序。证件号和手机号已脱敏；主管可查看完整信息（留痕审计）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="72"/>
        <source>Open cover note</source>
        <translation>打开暂保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="73"/>
        <source>Print cover note</source>
        <translation>打印暂保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="74"/>
        <source>Open policy</source>
        <translation>打开正式保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="75"/>
        <source>Print policy</source>
        <translation>打印正式保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="82"/>
        <source>(no number yet)</source>
        <translation>（尚无保单号）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="85"/>
        <source>no plate yet</source>
        <translation>未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="93"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="94"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="95"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="96"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="97"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="102"/>
        <source>No policies yet.</source>
        <translation>暂无保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="107"/>
        <source>Choose a policy in the list first.</source>
        <translation>请先在列表中选择一张保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="130"/>
        <source>Sent to the printer: %1</source>
        <translation>已发送到打印机：%1</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="23"/>
        <source>Supervisor decision</source>
        <translation>主管审批</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="25"/>
        <source>Underwriting referred this policy:</source>
        <translation>核保转人工原因：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="35"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="36"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="37"/>
        <source>Note</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="38"/>
        <source>Approve</source>
        <translation>同意承保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="39"/>
        <source>Decline</source>
        <translation>拒绝承保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="40"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/referral_dialog.py" line="57"/>
        <source>Write a note with the decision.</source>
        <translation>请填写审批意见。</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="15"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="18"/>
        <source>Reports (the day&apos;s figures, renewal rate, issuance time) are not built yet; they arrive with a later issue.</source>
        <translation>报表（当日业绩、续保率、出单时效）尚未开发，将在后续版本提供。</translation>
    </message>
</context>
<context>
    <name>ReviewStep</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="835"/>
        <source>Names</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="836"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="837"/>
        <source>VIN</source>
        <translation>车辆识别代号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="838"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="839"/>
        <source>Covers</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="840"/>
        <source>Sums insured and limits</source>
        <translation>保额与限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="841"/>
        <source>Deductibles</source>
        <translation>免赔</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="842"/>
        <source>Period</source>
        <translation>保险期间</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="843"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="847"/>
        <source>All checked with the customer</source>
        <translation>已与客户逐项核对</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="860"/>
        <source>Customer&apos;s signature:</source>
        <translation>客户签名：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="862"/>
        <source>Clear signature</source>
        <translation>清除签名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="928"/>
        <source>Tick every item of the checklist with the customer.</source>
        <translation>请与客户逐项核对并勾选复核清单。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="930"/>
        <source>The customer must sign.</source>
        <translation>请客户签名。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="122"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="123"/>
        <source>Changes take effect at once.</source>
        <translation>修改立即生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="124"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="125"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="127"/>
        <location filename="../../ui/pages/settings_page.py" line="173"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="128"/>
        <location filename="../../ui/pages/settings_page.py" line="173"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="130"/>
        <location filename="../../ui/pages/settings_page.py" line="173"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="129"/>
        <source>Password (8+ characters)</source>
        <translation>密码（至少 8 位）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="146"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="147"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="148"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="149"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="150"/>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="159"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="161"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="161"/>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="173"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="204"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="215"/>
        <source>Choose a user in the table first.</source>
        <translation>请先在表格中选择用户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="222"/>
        <source>Done: %1.</source>
        <translation>已完成：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="229"/>
        <source>Type the new password in the password field, then choose the user.</source>
        <translation>请先在密码栏输入新密码，再选择用户。</translation>
    </message>
</context>
<context>
    <name>SmtpBox</name>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="60"/>
        <source>E-policy by e-mail (SMTP)</source>
        <translation>电子保单邮件发送（SMTP）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="62"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="63"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="64"/>
        <source>Security</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="65"/>
        <source>Sender address</source>
        <translation>发件地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="66"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="67"/>
        <source>Password (kept encrypted)</source>
        <translation>密码（加密保存）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="70"/>
        <source>Save e-mail settings</source>
        <translation>保存邮件设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="95"/>
        <source>Saved. E-policies go out from %1.</source>
        <translation>已保存。电子保单将从 %1 发出。</translation>
    </message>
</context>
<context>
    <name>Step</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="122"/>
        <source>Read in %1 ms; %2 field(s) to check (highlighted).</source>
        <translation>识别用时 %1 毫秒；%2 项需核对（已标黄）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="159"/>
        <source>Compare the highlighted fields with the document, then confirm or correct them.</source>
        <translation>请将标黄的字段与证件原件核对，确认无误或予以更正。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="81"/>
        <source>Sync with head office</source>
        <translation>与总公司同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="84"/>
        <source>Policies are issued here and uploaded when the line is up; nothing is lost while offline. Head office confirms each policy; the formal policy and the e-policy follow.</source>
        <translation>保单在本机出单，联网时自动上传；离线期间数据不会丢失。总公司确认后生成正式保单并发送电子保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="88"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="89"/>
        <source>Provision this desk</source>
        <translation>开通本设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="90"/>
        <source>Head office address</source>
        <translation>总公司地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="91"/>
        <source>Enrolment code</source>
        <translation>开通码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="92"/>
        <source>Outlet region code (new desk only)</source>
        <translation>网点行政区划代码（仅新设备）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="93"/>
        <source>Provision online</source>
        <translation>在线开通</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="94"/>
        <source>From a provisioning file…</source>
        <translation>使用开通文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="103"/>
        <source>Not provisioned: provision this desk below (administrator).</source>
        <translation>尚未开通：请管理员在下方开通本设备。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="106"/>
        <source>Head office has revoked this device: ask head office for a new enrolment code.</source>
        <translation>总公司已停用本设备：请向总公司索取新的开通码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="108"/>
        <source>Not synced yet.</source>
        <translation>尚未同步。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="109"/>
        <source>Online.</source>
        <translation>在线。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="110"/>
        <source>Offline: everything waits here and goes when the line is back.</source>
        <translation>离线：数据保存在本机，网络恢复后自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="112"/>
        <source>Waiting: %1</source>
        <translation>待发送：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="117"/>
        <source>Last success: %1</source>
        <translation>上次成功：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="120"/>
        <source>Last error: %1</source>
        <translation>上次错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="148"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="149"/>
        <source>Policy or subject</source>
        <translation>保单号或查询对象</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="150"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="151"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="152"/>
        <source>Next try</source>
        <translation>下次尝试</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="153"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="165"/>
        <source>Provisioned as device %1 of outlet %2.</source>
        <translation>已开通：网点 %2 的设备 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="184"/>
        <source>Contacting head office…</source>
        <translation>正在连接总公司…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="210"/>
        <source>Provisioning file from head office</source>
        <translation>总公司下发的开通文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="212"/>
        <source>Provisioning files (*.json *.chudan)</source>
        <translation>开通文件 (*.json *.chudan)</translation>
    </message>
</context>
<context>
    <name>VehicleStep</name>
    <message>
        <location filename="../../ui/wizard/steps.py" line="379"/>
        <source>Scan vehicle licence (行驶证)…</source>
        <translation>扫描行驶证…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="381"/>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="382"/>
        <source>…or drop the photo here.</source>
        <translation>……或将照片拖到此处。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="388"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="389"/>
        <source>New car, no plate yet</source>
        <translation>新车未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="390"/>
        <source>VIN</source>
        <translation>车辆识别代号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="392"/>
        <source>Engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="394"/>
        <source>Brand and model</source>
        <translation>品牌型号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="395"/>
        <source>Owner (as on the licence)</source>
        <translation>车辆所有人（以行驶证为准）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="397"/>
        <source>Owner&apos;s ID number or credit code</source>
        <translation>所有人身份证号或统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="401"/>
        <source>Usage nature</source>
        <translation>使用性质</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="408"/>
        <source>Vehicle class</source>
        <translation>车辆类别</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="413"/>
        <source>Approved seats</source>
        <translation>核定载客</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="415"/>
        <source>First registration</source>
        <translation>初次登记日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="420"/>
        <source>New-car price (yuan)</source>
        <translation>新车购置价（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="423"/>
        <source>Displacement (L)</source>
        <translation>排量（升）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="425"/>
        <source>Fuel</source>
        <translation>燃料</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="427"/>
        <source>Petrol</source>
        <translation>汽油</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="428"/>
        <source>Diesel</source>
        <translation>柴油</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="429"/>
        <source>Hybrid</source>
        <translation>油电混合</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="430"/>
        <source>Plug-in hybrid</source>
        <translation>插电式混合动力</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="431"/>
        <source>Battery electric</source>
        <translation>纯电动</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="432"/>
        <source>Fuel cell</source>
        <translation>燃料电池</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="449"/>
        <location filename="../../ui/wizard/steps.py" line="574"/>
        <source>The licence says %1: choose the usage nature that matches.</source>
        <translation>行驶证上的使用性质为“%1”：请选择对应的使用性质。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="558"/>
        <source>Enter the VIN and engine number (or scan the vehicle licence).</source>
        <translation>请填写车辆识别代号和发动机号（或扫描行驶证）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="560"/>
        <source>Enter the plate, or tick &apos;New car, no plate yet&apos;.</source>
        <translation>请填写号牌号码，或勾选“新车未上牌”。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="564"/>
        <source>The licence names %1, not the insured: enter the owner&apos;s ID number (or credit code).</source>
        <translation>行驶证所有人为 %1，与被保险人不同：请填写所有人的身份证号（或统一社会信用代码）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/steps.py" line="571"/>
        <source>Enter the new-car price in yuan.</source>
        <translation>请填写新车购置价（元）。</translation>
    </message>
</context>
<context>
    <name>WorkItemsPage</name>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="97"/>
        <source>Waiting for a person</source>
        <translation>待处理事项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="100"/>
        <source>Referrals, registry mismatches, payment failures and head office&apos;s rejections.</source>
        <translation>核保转人工、行驶证信息待核实、支付失败及总公司退回的保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="103"/>
        <source>Comment, resolution or decision note</source>
        <translation>备注、处理结果或审批意见</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="104"/>
        <source>Take it</source>
        <translation>认领</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="105"/>
        <source>Hand to:</source>
        <translation>转交给：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="106"/>
        <source>Hand over</source>
        <translation>转交</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="107"/>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="108"/>
        <source>Resolve</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="109"/>
        <source>Approve</source>
        <translation>同意承保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="110"/>
        <source>Decline</source>
        <translation>拒绝承保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="111"/>
        <source>Refresh now</source>
        <translation>立即重新查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="129"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="130"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="131"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="132"/>
        <source>Assigned to</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="133"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="181"/>
        <source>opened</source>
        <translation>开立</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="182"/>
        <source>handed to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="183"/>
        <source>commented</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="184"/>
        <source>resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="185"/>
        <source>referred</source>
        <translation>提交核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="186"/>
        <source>sent to head office</source>
        <translation>已送总公司核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="187"/>
        <source>approved</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="188"/>
        <source>declined</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="205"/>
        <source>Asking head office again now; if it still does not answer, resolve the item as &apos;defer issuance&apos;.</source>
        <translation>正在重新向总公司查询；如仍无答复，请将此事项办结为“暂缓出单”。</translation>
    </message>
</context>
</TS>
