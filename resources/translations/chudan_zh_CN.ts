<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Age</name>
    <message>
        <location filename="../../ui/pages/base.py" line="106"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../ui/pages/base.py" line="108"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/base.py" line="110"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../ui/pages/base.py" line="111"/>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
</context>
<context>
    <name>AmlDialog</name>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="18"/>
        <source>Large cash payment record</source>
        <translation>大额现金交易登记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="25"/>
        <source>Cash of %1 yuan needs the large-value record before it is taken.</source>
        <translation>现金 %1 元须先登记大额交易信息后方可收取。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="33"/>
        <source>China</source>
        <translation>中国</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="35"/>
        <source>Motor insurance premium</source>
        <translation>缴纳机动车保险费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="39"/>
        <source>Payer&apos;s ID number</source>
        <translation>缴款人证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="40"/>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="41"/>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="42"/>
        <source>Purpose of the payment</source>
        <translation>交易用途</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="47"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="48"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/aml_dialog.py" line="65"/>
        <source>Fill in every line of the record.</source>
        <translation>请填写全部登记项目。</translation>
    </message>
</context>
<context>
    <name>ArchivePage</name>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="136"/>
        <source>Document archive</source>
        <translation>单证库</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="139"/>
        <source>Type a policy number, plate, VIN, name, ID number or phone, or any three characters of a document&apos;s text.</source>
        <translation>输入保单号、车牌、车架号、姓名、证件号或手机号，或单证文字中任意三个字。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="142"/>
        <source>Search documents</source>
        <translation>搜索单证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="143"/>
        <source>Waiting for review only</source>
        <translation>仅看待核对</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="152"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="153"/>
        <source>Import paper documents…</source>
        <translation>导入纸质单证…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="154"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="155"/>
        <source>Policy number (optional)</source>
        <translation>保单号（可不填）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="156"/>
        <source>File the selected document</source>
        <translation>归档所选单证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="157"/>
        <source>Days kept (empty: kept)</source>
        <translation>保存天数（不填为长期保存）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="158"/>
        <source>Set the retention period</source>
        <translation>设定保存期限</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="160"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="215"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="216"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="217"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="218"/>
        <source>Policy</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="219"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="220"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="221"/>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="222"/>
        <source>Found by</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="229"/>
        <source> (purged)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="230"/>
        <source> (review)</source>
        <translation>（待核对）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="246"/>
        <location filename="../../ui/pages/archive_page.py" line="267"/>
        <source>Choose a document in the list first.</source>
        <translation>请先在列表中选择单证。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="257"/>
        <source>No preview for this file.</source>
        <translation>该文件无法预览。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="280"/>
        <source>Filed.</source>
        <translation>已归档。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="287"/>
        <source>Write the number of days, e.g. 1095, or leave it empty to keep documents.</source>
        <translation>请填写天数，例如 1095；不填表示长期保存。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="297"/>
        <source>Retention period saved.</source>
        <translation>保存期限已设定。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="302"/>
        <source>Import paper documents</source>
        <translation>导入纸质单证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="339"/>
        <source>%1 imported, %2 waiting for review.</source>
        <translation>已导入 %1 份，%2 份待核对。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="144"/>
        <source>Added from</source>
        <translation>添加日期从</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="145"/>
        <source>to (both days included)</source>
        <translation>至（含首尾两天）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="149"/>
        <location filename="../../ui/pages/archive_page.py" line="151"/>
        <location filename="../../ui/pages/archive_page.py" line="183"/>
        <source>Added by anyone</source>
        <translation>全部添加人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="207"/>
        <source>The first day comes after the last; swap them.</source>
        <translation>起始日期晚于截止日期，请对调。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/archive_page.py" line="223"/>
        <source>Endorsement no.</source>
        <translation>批单号</translation>
    </message>
</context>
<context>
    <name>Camera</name>
    <message>
        <location filename="../../ui/wizard/camera.py" line="45"/>
        <source>This installation of Chudan has no camera support. Photograph the documents in one of these ways:
• with the customer&apos;s phone: New policy → Customer fills in on the phone…, the customer scans the code and photographs the ID card and the vehicle licence;
• with any camera, phone or scanner: save the photo or scan, then choose it with the Scan… button of this step (JPEG, PNG or PDF).</source>
        <translation>本安装的出单台不支持相机。请用以下方式拍摄证件：
• 用客户的手机：新建投保 → 客户手机填写…，客户扫码后用手机拍摄身份证和行驶证；
• 用任意相机、手机或扫描仪：保存照片或扫描件，再用本步骤的“扫描…”按钮选择该文件（JPEG、PNG 或 PDF）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="59"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../ui/wizard/camera.py" line="40"/>
        <source>Take a photo of the document</source>
        <translation>拍摄证件照片</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="45"/>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="46"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/camera.py" line="69"/>
        <source>Taking the photo…</source>
        <translation>正在拍照…</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="60"/>
        <source>Endorse</source>
        <translation>批改</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="60"/>
        <source>Cancel policy</source>
        <translation>退保</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="75"/>
        <source>What changes?</source>
        <translation>办理哪一项批改？</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="91"/>
        <source>Make %1 again on the current version</source>
        <translation>在当前版本上重新办理%1</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="149"/>
        <source>Work out the difference</source>
        <translation>计算差额</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="201"/>
        <source>Supervisor approves</source>
        <translation>主管批准</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="203"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="208"/>
        <source>The customer signs here:</source>
        <translation>请客户在此签名：</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="216"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="217"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="218"/>
        <source>QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="222"/>
        <location filename="../../ui/changes/change_dialog.py" line="252"/>
        <source>card or payment reference</source>
        <translation>卡号或支付流水号</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="254"/>
        <source>the policyholder&apos;s own account (empty: the one they paid from)</source>
        <translation>投保人本人账户（不填则退回原缴费账户）</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="258"/>
        <source>Collect %1 and issue</source>
        <translation>收取 %1 元并出具批单</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="262"/>
        <source>Record the refund of %1 and issue</source>
        <translation>登记退费 %1 元并出具批单</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="267"/>
        <source>Issue the endorsement</source>
        <translation>出具批单</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="279"/>
        <source>approved at the desk</source>
        <translation>主管现场审批同意</translation>
    </message>
    <message>
        <location filename="../../ui/changes/change_dialog.py" line="315"/>
        <source>Endorsement %1 issued; head office confirms it at the next sync.</source>
        <translation>批单 %1 已出具，下次同步时由总公司确认。</translation>
    </message>
</context>
<context>
    <name>CheckedField</name>
    <message>
        <location filename="../../ui/wizard/fields.py" line="104"/>
        <source>Matches the document</source>
        <translation>与证件一致</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/fields.py" line="106"/>
        <source>The value read from the scan is the same as on the document.</source>
        <translation>识别结果与证件原件一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/fields.py" line="110"/>
        <location filename="../../ui/wizard/fields.py" line="157"/>
        <source>Read from the scan with low confidence: compare with the document.</source>
        <translation>扫描识别置信度低，请与证件核对。</translation>
    </message>
</context>
<context>
    <name>ComplaintsDialog</name>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="46"/>
        <source>Complaints</source>
        <translation>投诉登记</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="76"/>
        <source>Record the complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="77"/>
        <location filename="../../ui/pages/complaints_dialog.py" line="118"/>
        <source>Received on</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="78"/>
        <location filename="../../ui/pages/complaints_dialog.py" line="119"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="79"/>
        <location filename="../../ui/pages/complaints_dialog.py" line="120"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="80"/>
        <location filename="../../ui/pages/complaints_dialog.py" line="121"/>
        <source>Against</source>
        <translation>投诉对象</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="81"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="82"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="83"/>
        <location filename="../../ui/pages/complaints_dialog.py" line="122"/>
        <source>Description</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="91"/>
        <source>How it was resolved</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="93"/>
        <source>Resolve the selected complaint</source>
        <translation>办结所选投诉</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="107"/>
        <source>Supervisors record and resolve complaints; you see those about you or your policies.</source>
        <translation>投诉由主管登记和办结；您可查看与您或您所出保单有关的投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="123"/>
        <source>Resolution</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="139"/>
        <source>open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="162"/>
        <source>Recorded.</source>
        <translation>已登记。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="168"/>
        <source>Choose a complaint in the list first.</source>
        <translation>请先在列表中选择投诉。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/complaints_dialog.py" line="176"/>
        <source>Resolved.</source>
        <translation>已办结。</translation>
    </message>
</context>
<context>
    <name>CoverageStep</name>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="316"/>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="324"/>
        <source>Cover starts</source>
        <translation>起保日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="320"/>
        <source>At-fault CTPL claims last year</source>
        <translation>上年交强险有责赔款次数</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="315"/>
        <source>Platform record</source>
        <translation>平台查询结果</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="322"/>
        <source>Drink-driving records</source>
        <translation>饮酒驾驶记录（次）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="323"/>
        <source>Drunk-driving records</source>
        <translation>醉酒驾驶记录（次）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="353"/>
        <source>Show how the premium is worked out</source>
        <translation>查看保费计算过程</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="350"/>
        <source>Supervisor decision…</source>
        <translation>主管审批…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="317"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="319"/>
        <source>CTPL years without a claim</source>
        <translation>交强险连续无赔年数</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="321"/>
        <source>NCD level</source>
        <translation>无赔款优待等级（NCD）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="332"/>
        <source>Vehicle-tax arrears (tax owed for earlier years)</source>
        <translation>车船税补缴（往年欠缴税款）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="338"/>
        <source>none owed</source>
        <translation>无欠缴</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="344"/>
        <source>A fatal at-fault accident last year</source>
        <translation>上年度发生有责死亡事故</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="345"/>
        <source>The vehicle&apos;s first CTPL policy</source>
        <translation>首次投保交强险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="347"/>
        <source>as shown</source>
        <translation>按平台</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="349"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="351"/>
        <source>Send to head office</source>
        <translation>送总公司核保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="352"/>
        <source>Use the recommended plan</source>
        <translation>采用推荐方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="355"/>
        <source>Cover</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="355"/>
        <source>Sum insured / limit</source>
        <translation>保额/限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="355"/>
        <source>Premium (yuan)</source>
        <translation>保费（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="360"/>
        <location filename="../../ui/wizard/coverage_step.py" line="400"/>
        <source>Covers</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="367"/>
        <source>Basic</source>
        <translation>基础</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="367"/>
        <source>CTPL + third party 1M</source>
        <translation>交强险 + 三者险 100 万</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="368"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="368"/>
        <source>+ own damage, 2M third party, seats</source>
        <translation>另加车损险、三者险 200 万、座位险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="369"/>
        <source>Full</source>
        <translation>全面</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="369"/>
        <source>+ scratches, medical, services</source>
        <translation>另加划痕、医保外医疗、增值服务</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="370"/>
        <source>Custom</source>
        <translation>自选</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="370"/>
        <source>choose the covers one by one</source>
        <translation>逐项选择险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="376"/>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="424"/>
        <source>Cover can start from %1 to %2 (no back-dating).</source>
        <translation>可于 %1 至 %2 之间起保（不得倒签）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="512"/>
        <source>%1 tax</source>
        <translation>%1 年税款</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="551"/>
        <source>late fee %1 (%2 days)</source>
        <translation>滞纳金 %1（%2 天）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="612"/>
        <source>Pricing…</source>
        <translation>正在计算保费…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="663"/>
        <source>Recommended: %1</source>
        <translation>推荐方案：%1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="682"/>
        <source>Not priced yet</source>
        <translation>尚未报价</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="705"/>
        <source>Premium %1 yuan</source>
        <translation>保费 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="719"/>
        <source>Underwriting: pass</source>
        <translation>核保：通过</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="723"/>
        <source>Underwriting: referred to a supervisor</source>
        <translation>核保：转主管人工核保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="725"/>
        <source>Underwriting: declined</source>
        <translation>核保：拒保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="729"/>
        <source>Approved by %1: %2</source>
        <translation>已由 %1 批准：%2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="734"/>
        <source>Declined by %1: %2</source>
        <translation>已被 %1 拒绝：%2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="739"/>
        <source>Waiting for a supervisor in the Waiting queue.</source>
        <translation>已提交待处理，等待主管审批。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="754"/>
        <source>CTPL (compulsory)</source>
        <translation>交强险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="755"/>
        <source>statutory limits</source>
        <translation>依法定限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="764"/>
        <source>%1 × %2 seats</source>
        <translation>%1 × %2 座</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="767"/>
        <source>Commercial subtotal</source>
        <translation>商业险小计</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="772"/>
        <source>Vehicle and vessel tax (collected, not a premium)</source>
        <translation>代收车船税（税款，非保费）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="791"/>
        <source>of which late fee (%1, %2 days)</source>
        <translation>其中滞纳金（%1 年，%2 天）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="799"/>
        <source>Total to pay</source>
        <translation>应缴合计</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="828"/>
        <source>Registry: matches the vehicle licence.</source>
        <translation>登记信息：与行驶证一致。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="833"/>
        <source>Registry look-up waiting (offline): the policy will be flagged for manual verification and the licence photo kept.</source>
        <translation>登记信息查询等待中（离线）：保单将标记为待人工核实，并保留行驶证照片。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="842"/>
        <source>Registry differs: %1. Check the licence itself; the policy will be flagged for manual verification.</source>
        <translation>登记信息不一致：%1。请核对行驶证原件；保单将标记为待人工核实。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="327"/>
        <source>Term, traffic record and vehicle tax</source>
        <translation>保险期间、交通违法与车船税</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="329"/>
        <source>Term</source>
        <translation>保险期间</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="330"/>
        <source>Last day of cover</source>
        <translation>终保日期（最后一天）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="331"/>
        <source>Traffic-violation coefficient</source>
        <translation>交通违法系数</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="340"/>
        <source>Arrears are collected with the CTPL, with their late fee to the day of issue.</source>
        <translation>往年欠缴的车船税随交强险代收，滞纳金计至出单当日。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="366"/>
        <source>CTPL only</source>
        <translation>仅交强险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="366"/>
        <source>the compulsory cover alone</source>
        <translation>只投保交强险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="489"/>
        <source>One year</source>
        <translation>一年</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="491"/>
        <source>1 month</source>
        <translation>1 个月</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="491"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="493"/>
        <source>To a chosen last day</source>
        <translation>至指定日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="588"/>
        <source>This region&apos;s coefficient from the vehicle&apos;s violations: %1 to %2.</source>
        <translation>本地区按车辆交通违法记录确定的系数：%1 至 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/coverage_step.py" line="782"/>
        <source>of which arrears (%1)</source>
        <translation>其中往年补缴（%1）</translation>
    </message>
</context>
<context>
    <name>CustomerStep</name>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="128"/>
        <source>Scan ID card (front)…</source>
        <translation>扫描身份证（人像面）…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="130"/>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="131"/>
        <source>Scan the back (validity)…</source>
        <translation>扫描国徽面（有效期）…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="132"/>
        <source>The policyholder is a company or organisation</source>
        <translation>投保人为单位（企业或机构）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="134"/>
        <source>Policyholder&apos;s name</source>
        <translation>投保人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="137"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="139"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="140"/>
        <source>E-mail (for the e-policy)</source>
        <translation>电子邮箱（接收电子保单）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="141"/>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="142"/>
        <source>The insured is someone else</source>
        <translation>被保险人不是投保人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="143"/>
        <source>Insured&apos;s name</source>
        <translation>被保险人姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="144"/>
        <source>Insured&apos;s ID number</source>
        <translation>被保险人身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="147"/>
        <source>The customer agrees to the processing of personal information, including the ID number and payment data (sensitive), for this insurance (PIPL).</source>
        <translation>客户同意为办理本保险处理其个人信息，包括身份证号、支付信息等敏感个人信息（《个人信息保护法》单独同意）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="128"/>
        <source>Scan business licence…</source>
        <translation>扫描营业执照…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="124"/>
        <source>Documents</source>
        <translation>证件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="125"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="126"/>
        <source>Insured</source>
        <translation>被保险人</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="134"/>
        <source>Organisation&apos;s name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="137"/>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="175"/>
        <source>ID card valid for life</source>
        <translation>身份证长期有效</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="177"/>
        <source>ID card valid until %1</source>
        <translation>身份证有效期至 %1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/customer_step.py" line="180"/>
        <source>The ID card expired on %1: ask for a valid ID card (or a temporary one).</source>
        <translation>身份证已于 %1 过期：请客户出示有效身份证（或临时身份证）。</translation>
    </message>
</context>
<context>
    <name>DocumentStrip</name>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="75"/>
        <source>Training: the customer&apos;s documents. Click one to read it, or drag it onto this step.</source>
        <translation>培训：客户递交的证件。点击即可识别，或拖到本步骤。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="80"/>
        <source>ID card, front</source>
        <translation>身份证人像面</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="81"/>
        <source>ID card, back</source>
        <translation>身份证国徽面</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="82"/>
        <source>Vehicle licence</source>
        <translation>行驶证</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="83"/>
        <source>Vehicle licence, second page</source>
        <translation>行驶证副页</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="84"/>
        <source>Business licence</source>
        <translation>营业执照</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/training_documents.py" line="89"/>
        <source>(phone photo)</source>
        <translation>（手机拍摄）</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="190"/>
        <source>Chudan — first administrator</source>
        <translation>出单台 — 创建管理员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="193"/>
        <source>No users yet. Create the administrator account; it can then add supervisors and clerks.</source>
        <translation>尚无用户。请先创建管理员账号，之后可由管理员添加主管和出单员。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="197"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="198"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="199"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="200"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="201"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="205"/>
        <source>The password needs at least %1 characters.</source>
        <translation>密码至少需要 %1 个字符。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="210"/>
        <source>Create and log in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="212"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="226"/>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="39"/>
        <source>History of %1</source>
        <translation>%1 批改记录</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="43"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="44"/>
        <source>Endorsement no.</source>
        <translation>批单号</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="45"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="46"/>
        <source>What changed</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="47"/>
        <source>Premium difference</source>
        <translation>保费差额</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="48"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="63"/>
        <source>Charged %1, paid %2, refunded %3</source>
        <translation>应收 %1，已收 %2，已退 %3</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="90"/>
        <source>Issued</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="91"/>
        <source>Policy %1</source>
        <translation>保单 %1</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="120"/>
        <source>Refund %1 paid</source>
        <translation>退费 %1 已支付</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="125"/>
        <source>Refund %1 requested</source>
        <translation>退费 %1 已申请</translation>
    </message>
    <message>
        <location filename="../../ui/changes/history_dialog.py" line="126"/>
        <source>Refund %1 waits for head office&apos;s check</source>
        <translation>退费 %1 待总公司核查</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="142"/>
        <location filename="../../ui/pages/issue_page.py" line="149"/>
        <location filename="../../ui/pages/issue_page.py" line="228"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="145"/>
        <source>Scan the ID card and the vehicle licence, check, choose the covers, let the customer sign, take the payment and issue. Drafts are saved as you go.</source>
        <translation>扫描身份证和行驶证，核对信息，选择险种，请客户签名，收费后出单。填写过程随时自动保存为草稿。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="150"/>
        <location filename="../../ui/pages/issue_page.py" line="344"/>
        <source>Drafts (%1)</source>
        <translation>草稿（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="152"/>
        <source>Resume the selected draft</source>
        <translation>继续所选草稿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="153"/>
        <source>Back to the open policy</source>
        <translation>返回当前投保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="156"/>
        <source>This desk does not belong to an outlet yet, so no policy can be issued here: an administrator sets it up on the Sync page (Provision this desk).</source>
        <translation>本设备尚未绑定网点，暂不能出单：请管理员在“同步”页面完成设备开通。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="229"/>
        <source>A policy is open. Keep it as a draft to finish later?</source>
        <translation>当前有一份投保未完成。保留为草稿，稍后继续吗？</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="230"/>
        <source>Keep as draft</source>
        <translation>保留为草稿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="231"/>
        <source>Discard it</source>
        <translation>放弃该投保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="232"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="332"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="333"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="334"/>
        <source>Coverage</source>
        <translation>险种方案</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="363"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="335"/>
        <source>Review and signature</source>
        <translation>复核签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="336"/>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="359"/>
        <source>Customer · plate</source>
        <translation>客户 · 车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="360"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="361"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="362"/>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="151"/>
        <source>Customer fills in on the phone…</source>
        <translation>客户手机填写…</translation>
    </message>
</context>
<context>
    <name>IssueWizard</name>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="541"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="542"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1153"/>
        <source>Choose the photo or scan</source>
        <translation>选择照片或扫描件</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1155"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="581"/>
        <source>Reading the document…</source>
        <translation>正在识别证件…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="543"/>
        <source>Back (Alt+Left)</source>
        <translation>上一步（Alt+←）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="544"/>
        <source>Next (Enter on the last field, Alt+Right)</source>
        <translation>下一步（在最后一项按回车，或 Alt+→）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="585"/>
        <source>Read; %1 field(s) to check (highlighted).</source>
        <translation>已识别，%1 项请核对（已标黄）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="587"/>
        <source>Read; nothing to check.</source>
        <translation>已识别，无需核对。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="592"/>
        <source>This is not %1 (it looks like %2): nothing was filled in.</source>
        <translation>这不是%1（看起来是%2），未填入任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="598"/>
        <source>No ID card, vehicle licence or business licence recognised in this photo: photograph the whole document, flat and in good light.</source>
        <translation>照片中未识别出身份证、行驶证或营业执照：请将整张证件平放，在光线充足处拍摄。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="604"/>
        <source>This second page is of %1, not %2: nothing was filled in; check the licence.</source>
        <translation>该副页属于 %1，不是 %2，未填入任何内容，请核对行驶证。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="612"/>
        <source>…or drop the photos here (several at once).</source>
        <translation>……或将照片拖到此处（可一次拖入多张）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="849"/>
        <source>Pricing… the wizard goes on when the premium is in.</source>
        <translation>正在计算保费，算好后自动进入下一步。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1271"/>
        <source>Making a one-time QR code for the customer&apos;s phone…</source>
        <translation>正在生成供客户手机扫描的一次性二维码…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1283"/>
        <source>This desk is not connected to head office yet: an administrator provisions it on the Sync page.</source>
        <translation>本机尚未连接总部：请管理员在“同步”页开通本机。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1295"/>
        <source>The customer scans this code with the phone&apos;s camera: the proposal then opens on that phone to read and sign. Valid until %1, once.</source>
        <translation>请客户用手机相机扫描此二维码：投保方案随后在该手机上打开，供客户核对并签名。有效期至 %1，仅可使用一次。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1571"/>
        <source>Head office reports %1 yuan paid for this QR, not %2: check with the customer.</source>
        <translation>总公司显示此二维码实付 %1 元，而非 %2 元：请与客户核对。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1582"/>
        <source>Head office confirmed the QR payment of %1 yuan.</source>
        <translation>总公司已确认扫码支付 %1 元到账。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1594"/>
        <source>Issuing…</source>
        <translation>正在出单…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1614"/>
        <source>Issued: policy %1 (cover note, awaiting the insurer&apos;s confirmation).</source>
        <translation>已出单：保单号 %1（暂保单，待保险公司确认）。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1616"/>
        <source>Not issued yet: %1</source>
        <translation>尚未出单：%1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1239"/>
        <source>Sending to the customer&apos;s phone…</source>
        <translation>正在发送到客户手机…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="1243"/>
        <source>Sent: the customer reads the proposal and signs on their phone.</source>
        <translation>已发送：客户在手机上核对投保方案并签名。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/issue_wizard.py" line="569"/>
        <source>Standard time %1 s</source>
        <translation>标准操作时间 %1 秒</translation>
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
        <location filename="../../ui/key_export_dialog.py" line="114"/>
        <source>Export the store key</source>
        <translation>导出数据库密钥</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="81"/>
        <source>The key is in this PC&apos;s keyring only: without an exported copy, a backup cannot be read on another PC.</source>
        <translation>密钥仅保存在本机系统钥匙串中：没有导出的副本，备份在其他电脑上无法读取。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="84"/>
        <source>The key is in the file %1 beside the store.</source>
        <translation>密钥保存在数据库旁的文件 %1 中。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="92"/>
        <source>Export it into a file protected by a passphrase, and keep the file and the passphrase apart from the backups.</source>
        <translation>请将其导出为受口令保护的文件，并将该文件和口令与备份分开保存。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="96"/>
        <source>Key file</source>
        <translation>密钥文件</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="97"/>
        <source>Passphrase (10+ characters)</source>
        <translation>口令（至少 10 个字符）</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="98"/>
        <source>Repeat passphrase</source>
        <translation>再次输入口令</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="101"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="102"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="104"/>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="104"/>
        <location filename="../../ui/key_export_dialog.py" line="137"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="121"/>
        <source>The two passphrases differ; type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/key_export_dialog.py" line="135"/>
        <source>Key exported to %1. Keep it apart from the backups.</source>
        <translation>密钥已导出到 %1。请与备份分开保存。</translation>
    </message>
</context>
<context>
    <name>LanBox</name>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="110"/>
        <source>LAN server for phones (yard and self-fill)</source>
        <translation>局域网服务（现场出单和客户手机填写）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="111"/>
        <source>Address on the outlet&apos;s network</source>
        <translation>网点局域网地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="112"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="113"/>
        <source>Pair a phone or tablet…</source>
        <translation>配对手机或平板…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="114"/>
        <source>Revoke the selected device</source>
        <translation>撤销所选设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="121"/>
        <source>Stop the LAN server</source>
        <translation>停止局域网服务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="121"/>
        <source>Start the LAN server</source>
        <translation>启动局域网服务</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="129"/>
        <source>Serving at {url}: the yard page at {url}/yard/. Certificate fingerprint (SHA-256): {fp}</source>
        <translation>服务地址 {url}，现场出单页面 {url}/yard/。证书指纹（SHA-256）：{fp}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="134"/>
        <source>Off. Phones use head office&apos;s address.</source>
        <translation>未启动。客户手机使用总公司的地址。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="171"/>
        <source>Scan with the phone or tablet to pair it (works once, for 5 minutes). The device must trust this desk&apos;s certificate first: compare the fingerprint above with the one the device shows.</source>
        <translation>用手机或平板扫码完成配对（仅可使用一次，5 分钟内有效）。设备须先信任本机证书：请核对上方指纹与设备显示的指纹一致。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="193"/>
        <source>Paired: {name}</source>
        <translation>已配对：{name}</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="199"/>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="199"/>
        <source>paired</source>
        <translation>已配对</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="205"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="205"/>
        <source>Paired at</source>
        <translation>配对时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="205"/>
        <source>Paired by</source>
        <translation>配对人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/lan_box.py" line="205"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="85"/>
        <source>Chudan — log in</source>
        <translation>出单台 — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="86"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="87"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="88"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="89"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="91"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="92"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="121"/>
        <source>Opening the store…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="90"/>
        <source>Training mode (nothing is real, nothing is sent)</source>
        <translation>培训模式（实战演练：不出真实保单，不发送任何数据）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>Waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="191"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="194"/>
        <source>Archive</source>
        <translation>单证库</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>Renewals</source>
        <translation>续保</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="204"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="213"/>
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="206"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="215"/>
        <source>Sync: device revoked</source>
        <translation>同步：设备已停用</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="218"/>
        <source>Not synced yet · waiting %1</source>
        <translation>尚未同步 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="222"/>
        <source>Online · waiting %1</source>
        <translation>在线 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="224"/>
        <source>Offline · waiting %1</source>
        <translation>离线 · 待上传 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="254"/>
        <source>Rate table: none usable</source>
        <translation>费率表：无可用版本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="257"/>
        <source>Rate table v%1</source>
        <translation>费率表 第%1版</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="262"/>
        <source>(illustrative)</source>
        <translation>（示例费率）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>Training</source>
        <translation>实战演练</translation>
    </message>
</context>
<context>
    <name>OcrBox</name>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="81"/>
        <source>Document reading (OCR)</source>
        <translation>证件识别（OCR）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="82"/>
        <source>Engine</source>
        <translation>识别引擎</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="83"/>
        <source>Detection model folder</source>
        <translation>检测模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="84"/>
        <source>Recognition model folder</source>
        <translation>识别模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="85"/>
        <location filename="../../ui/pages/ocr_box.py" line="86"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="87"/>
        <source>Save OCR settings</source>
        <translation>保存识别设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="95"/>
        <source>Model folder</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/ocr_box.py" line="124"/>
        <source>Saved; the next document read uses it.</source>
        <translation>已保存，下次识别证件时生效。</translation>
    </message>
</context>
<context>
    <name>PaperPolicyDialog</name>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="41"/>
        <source>A paper policy for the book</source>
        <translation>纸质保单加入续保清单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="43"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="44"/>
        <source>Insurer</source>
        <translation>保险公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="45"/>
        <source>Cover starts (YYYY-MM-DD)</source>
        <translation>起保日期（年-月-日）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="46"/>
        <source>Cover ends (YYYY-MM-DD)</source>
        <translation>终保日期（年-月-日）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="47"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="48"/>
        <source>Policyholder&apos;s ID number</source>
        <translation>投保人证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="49"/>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="50"/>
        <source>Plate</source>
        <translation>号牌号码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="51"/>
        <source>VIN</source>
        <translation>车辆识别代号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="52"/>
        <source>Covers (codes; add limits as third_party:2000000)</source>
        <translation>承保险别（代码；保额写作 third_party:2000000）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="58"/>
        <source>Check each field against the paper and tick it; orange ones OCR was unsure of.</source>
        <translation>请逐项对照纸质保单核对并勾选；橙色为识别不确定的项。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="68"/>
        <source>checked</source>
        <translation>已核对</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="71"/>
        <source>OCR was unsure: check it against the paper.</source>
        <translation>识别不确定：请对照纸质保单核对。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/paper_policy_dialog.py" line="89"/>
        <source>Add to the book</source>
        <translation>加入续保清单</translation>
    </message>
</context>
<context>
    <name>PaymentStep</name>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="129"/>
        <location filename="../../ui/wizard/payment_step.py" line="138"/>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="116"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="114"/>
        <source>Take a payment</source>
        <translation>收取保费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="117"/>
        <source>Card terminal</source>
        <translation>刷卡</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="118"/>
        <source>QR code</source>
        <translation>扫码支付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="119"/>
        <source>Bank transfer</source>
        <translation>银行转账</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="130"/>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="131"/>
        <source>Reference (terminal or transfer)</source>
        <translation>参考号（刷卡或转账）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="132"/>
        <source>Failure reason (if it failed)</source>
        <translation>失败原因（如失败）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="135"/>
        <source>Record as paid</source>
        <translation>记为已付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="136"/>
        <source>Record as failed</source>
        <translation>记为失败</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="138"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="138"/>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="138"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="140"/>
        <source>Issue the policy</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="141"/>
        <source>Open the cover note PDF</source>
        <translation>打开暂保单 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="212"/>
        <source>Scan to pay %1 yuan · reference %2</source>
        <translation>扫码支付 %1 元 · 参考号 %2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="163"/>
        <source>Still to pay: %1 yuan</source>
        <translation>待缴：%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="178"/>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="180"/>
        <source>paid</source>
        <translation>已付</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="233"/>
        <source>Card terminal (training): declined, over the card&apos;s limit of %1 yuan.</source>
        <translation>刷卡终端（培训）：交易失败，超出卡片限额 %1 元。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="237"/>
        <source>over the card&apos;s limit</source>
        <translation>超出卡片限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="263"/>
        <source>Enter the amount in yuan, e.g. 1200.00.</source>
        <translation>请输入金额（元），如 1200.00。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="271"/>
        <source>declined</source>
        <translation>被拒</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/payment_step.py" line="315"/>
        <source>Large cash needs its record; the payment was not taken.</source>
        <translation>大额现金须先登记，本笔款项未记录。</translation>
    </message>
</context>
<context>
    <name>PhoneDialog</name>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="207"/>
        <source>This desk is not connected to head office yet: an administrator provisions it on the Sync page.</source>
        <translation>本机尚未连接总部：请管理员在“同步”页开通本机。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="219"/>
        <source>Customer fills in on the phone</source>
        <translation>客户手机填写</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="222"/>
        <source>The customer scans this code with the phone&apos;s camera, photographs the ID card and the vehicle licence, types the mobile and e-mail and consents. Everything is encrypted on the phone for this desk only. The code works once.</source>
        <translation>请客户用手机相机扫描此二维码，拍摄身份证和行驶证，填写手机号和邮箱并同意个人信息处理。所有信息在手机上加密，仅本机可以解密。二维码只能使用一次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="227"/>
        <source>New QR code</source>
        <translation>新二维码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="228"/>
        <source>Print a poster…</source>
        <translation>打印海报…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="229"/>
        <source>Check and continue in the wizard</source>
        <translation>核对并继续出单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="230"/>
        <source>Return to the customer</source>
        <translation>退回客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="231"/>
        <source>Vehicle photos…</source>
        <translation>车辆照片…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="234"/>
        <source>A photo cannot be read</source>
        <translation>照片无法识别</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="235"/>
        <source>The ID card and the licence do not match</source>
        <translation>身份证与行驶证不一致</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="236"/>
        <source>A document has expired</source>
        <translation>证件已过期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="237"/>
        <source>This vehicle cannot be insured here</source>
        <translation>本网点无法承保该车辆</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="238"/>
        <source>Other (we will call the customer)</source>
        <translation>其他（工作人员联系客户）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="248"/>
        <source>Head office cannot be reached: %1</source>
        <translation>无法连接总部：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="256"/>
        <source>Valid until %1, once.</source>
        <translation>有效期至 %1，仅可使用一次。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="275"/>
        <source>Preparing the poster…</source>
        <translation>正在生成海报…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="294"/>
        <source>The poster is ready to print. Its code works for every customer; this desk keeps one-time codes for it at head office whenever it is online.</source>
        <translation>海报已生成，可以打印。海报上的二维码可供所有客户使用；本机联网时会在总部为其备好一次性申请码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="323"/>
        <source>%1 application(s) did not open at this desk and were returned to the phone.</source>
        <translation>%1 份申请无法在本机解密，已退回客户手机。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="355"/>
        <source>ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="356"/>
        <source>ID card (back)</source>
        <translation>身份证背面</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="357"/>
        <source>vehicle licence</source>
        <translation>行驶证</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="358"/>
        <source>vehicle licence (back)</source>
        <translation>行驶证副页</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="359"/>
        <source>unreadable photo</source>
        <translation>无法识别的照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="368"/>
        <source>reading the photos…</source>
        <translation>正在识别照片…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="370"/>
        <source>no photos</source>
        <translation>无照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="373"/>
        <source>no mobile</source>
        <translation>无手机号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="377"/>
        <source>signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="380"/>
        <source>%1 vehicle photo(s)</source>
        <translation>%1 张车辆照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="383"/>
        <source>from the yard (%1)</source>
        <translation>现场人员提交（%1）</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="104"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="107"/>
        <source>Newest first. ID numbers and phones are masked; a supervisor can reveal one (audited).</source>
        <translation>按时间倒序。证件号和手机号已脱敏；主管可查看完整信息（留痕审计）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="110"/>
        <source>Open cover note</source>
        <translation>打开暂保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="111"/>
        <source>Print cover note</source>
        <translation>打印暂保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="112"/>
        <source>Open policy</source>
        <translation>打开正式保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="113"/>
        <source>Print policy</source>
        <translation>打印正式保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="114"/>
        <source>Reveal the policyholder (audited)</source>
        <translation>查看投保人完整信息（留痕）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="115"/>
        <source>Find by policy number, plate, VIN or name</source>
        <translation>按保单号、车牌、车辆识别代号或姓名查找</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="116"/>
        <source>Endorse</source>
        <translation>批改</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="117"/>
        <source>Cancel policy</source>
        <translation>退保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="118"/>
        <source>History</source>
        <translation>批改记录</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="137"/>
        <source>(no number yet)</source>
        <translation>（尚无保单号）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="141"/>
        <source>no plate yet</source>
        <translation>未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="150"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="151"/>
        <source>Issued</source>
        <translation>出单日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="152"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="153"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="154"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="155"/>
        <source>Cover starts</source>
        <translation>起保日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="156"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="165"/>
        <source>No policy matches this search.</source>
        <translation>没有符合条件的保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="167"/>
        <source>No policies yet.</source>
        <translation>暂无保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="181"/>
        <location filename="../../ui/pages/policies_page.py" line="204"/>
        <location filename="../../ui/pages/policies_page.py" line="237"/>
        <source>Choose a policy in the list first.</source>
        <translation>请先在列表中选择一张保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="219"/>
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
    <name>RenewalsPage</name>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="169"/>
        <source>Renewals</source>
        <translation>续保清单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="172"/>
        <source>Policies ending soon, by due date. Take one, call the customer, note what they said; 续保 opens the new policy filled in from the old one.</source>
        <translation>即将到期的保单，按到期日排列。认领后致电客户并记录沟通情况；点击“续保”即按原保单预填新保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="176"/>
        <source>Ending within</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="180"/>
        <location filename="../../ui/pages/renewals_page.py" line="184"/>
        <source>%1 days</source>
        <translation>%1 天内</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="187"/>
        <source>Renew (续保)</source>
        <translation>续保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="188"/>
        <source>Take it</source>
        <translation>认领</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="189"/>
        <source>Show the number</source>
        <translation>显示电话</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="190"/>
        <source>Note: what the customer said</source>
        <translation>备注：客户的意见</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="192"/>
        <source>(no call)</source>
        <translation>（未致电）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="195"/>
        <source>Save note</source>
        <translation>保存备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="199"/>
        <source>Mark lost</source>
        <translation>标记流失</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="200"/>
        <source>Hand to:</source>
        <translation>分配给：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="201"/>
        <source>Hand over</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="202"/>
        <source>Import the book…</source>
        <translation>导入保单清单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="203"/>
        <source>Scan a paper policy…</source>
        <translation>扫描纸质保单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="204"/>
        <source>Renewal reminders agreed to:</source>
        <translation>客户同意的续保提醒方式：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="206"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="207"/>
        <source>E-mail</source>
        <translation>邮件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="208"/>
        <source>Record consent</source>
        <translation>记录同意</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="210"/>
        <source>Send due reminders now</source>
        <translation>立即发送到期提醒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="224"/>
        <source>Ends</source>
        <translation>到期日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="225"/>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="226"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="227"/>
        <source>Insurer</source>
        <translation>保险公司</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="228"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="229"/>
        <source>Plate</source>
        <translation>号牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="230"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="231"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="232"/>
        <source>Clerk</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="233"/>
        <source>Renewable from</source>
        <translation>可续保日期</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="242"/>
        <source>no plate yet</source>
        <translation>未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="275"/>
        <source>This month: due %1 · quoted %2 · renewed %3 · lost %4 · renewal rate %5</source>
        <translation>本月：应续 %1 · 已报价 %2 · 已续 %3 · 流失 %4 · 续保率 %5</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="349"/>
        <source>%1: phone %2, e-mail %3</source>
        <translation>%1：电话 %2，邮箱 %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="362"/>
        <source>Reminders: %1 queued, %2 sent, %3 waiting, %4 failed</source>
        <translation>续保提醒：新排队 %1 条，已发送 %2 条，等待 %3 条，失败 %4 条</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="403"/>
        <source>Asking head office for the vehicle&apos;s claims record…</source>
        <translation>正在向总部查询该车理赔记录…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="428"/>
        <source>NCD level %1 from head office&apos;s claims register (%2).</source>
        <translation>无赔款优待等级 %1，取自总部理赔记录（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="435"/>
        <source>Head office gave no claims record now: the NCD level is estimated from last year&apos;s; the platform&apos;s record is binding.</source>
        <translation>总部暂未返回理赔记录：无赔款优待等级按上年记录估算，以平台查询结果为准。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="447"/>
        <source>Choose the policies to import</source>
        <translation>选择要导入的保单文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="449"/>
        <source>Policies (*.csv *.xlsx)</source>
        <translation>保单文件 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="464"/>
        <source>Checking the file: %1 of %2 rows</source>
        <translation>正在检查文件：第 %1 行，共 %2 行</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="491"/>
        <source>Choose the photo of the policy&apos;s first page</source>
        <translation>选择保单首页照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="493"/>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="500"/>
        <source>Reading the policy…</source>
        <translation>正在识别保单…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="535"/>
        <source>%1 joined the book.</source>
        <translation>%1 已加入续保清单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/renewals_page.py" line="544"/>
        <source>%1: %2 rows; %3 added, %4 already in the book, %5 refused</source>
        <translation>%1：共 %2 行；新增 %3 条，已在清单中 %4 条，拒绝 %5 条</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="174"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="176"/>
        <source>Click a figure, a bar or a table row to list the policies behind it.</source>
        <translation>点击指标、柱形或表格行，查看其对应的保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="178"/>
        <source>Period</source>
        <translation>统计期间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="179"/>
        <source>By</source>
        <translation>按</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="180"/>
        <location filename="../../ui/pages/reports_page.py" line="341"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="181"/>
        <source>Compare with the previous period</source>
        <translation>与上期对比</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="182"/>
        <source>Show</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="183"/>
        <source>Export XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="184"/>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="185"/>
        <source>Monthly PDF</source>
        <translation>月度报表 PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="186"/>
        <source>Complaints</source>
        <translation>投诉登记</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="187"/>
        <source>Commercial premium from (yuan)</source>
        <translation>商业险保费起点（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="188"/>
        <source>New-car price from (yuan)</source>
        <translation>新车购置价起点（元）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="189"/>
        <source>Set the high-value rule</source>
        <translation>设定高价值标准</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="190"/>
        <source>Names in clear (audited)</source>
        <translation>显示完整姓名（留痕）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="195"/>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="196"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="197"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="213"/>
        <source>Year %1</source>
        <translation>%1 全年</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="216"/>
        <source>Whole outlet</source>
        <translation>整个网点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="264"/>
        <source>Working out the figures …</source>
        <translation>正在计算报表数据…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="312"/>
        <source>Click to list the policies</source>
        <translation>点击查看保单明细</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="439"/>
        <source>%1: %2 policies</source>
        <translation>%1：%2 张保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="449"/>
        <source>High value: %1</source>
        <translation>高价值：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="477"/>
        <source>Export the report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="501"/>
        <source>Writing %1 …</source>
        <translation>正在写入 %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="524"/>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="539"/>
        <source>Exported %1 policies to %2.</source>
        <translation>已导出 %1 张保单的明细到 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="326"/>
        <source>Training results</source>
        <translation>培训成绩</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="342"/>
        <source>Drills</source>
        <translation>演练次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="343"/>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="344"/>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="345"/>
        <source>First</source>
        <translation>首次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/reports_page.py" line="346"/>
        <source>Last</source>
        <translation>最近</translation>
    </message>
</context>
<context>
    <name>ReviewStep</name>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="101"/>
        <source>Names</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="102"/>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="103"/>
        <source>VIN</source>
        <translation>车辆识别代号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="104"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="105"/>
        <source>Covers</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="106"/>
        <source>Sums insured and limits</source>
        <translation>保额与限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="107"/>
        <source>Deductibles</source>
        <translation>免赔</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="108"/>
        <location filename="../../ui/wizard/review_step.py" line="191"/>
        <source>Period</source>
        <translation>保险期间</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="109"/>
        <location filename="../../ui/wizard/review_step.py" line="195"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="113"/>
        <source>Checked with the customer</source>
        <translation>已与客户核对</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="114"/>
        <source>All checked with the customer</source>
        <translation>已与客户逐项核对</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="116"/>
        <source>Hide the full ID number</source>
        <translation>隐藏完整证件号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="118"/>
        <source>Show the full ID number to the customer</source>
        <translation>向客户显示完整证件号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="120"/>
        <source>Customer&apos;s signature:</source>
        <translation>客户签名：</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="122"/>
        <source>Clear signature</source>
        <translation>清除签名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="190"/>
        <source>Proposal</source>
        <translation>投保单</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="192"/>
        <source>Cover</source>
        <translation>险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="193"/>
        <source>Sum insured / limit</source>
        <translation>保额/限额</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="194"/>
        <source>Deductible</source>
        <translation>免赔</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="196"/>
        <source>CTPL</source>
        <translation>交强险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="197"/>
        <source>Commercial</source>
        <translation>商业险</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="198"/>
        <source>Vehicle tax (collected)</source>
        <translation>代收车船税</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="199"/>
        <source>Total %1 yuan</source>
        <translation>合计 %1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="200"/>
        <source>CTPL limits per accident (yuan)</source>
        <translation>交强险每次事故责任限额（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="201"/>
        <source>Death and disability</source>
        <translation>死亡伤残</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="202"/>
        <source>Medical</source>
        <translation>医疗费用</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="203"/>
        <source>Property</source>
        <translation>财产损失</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="204"/>
        <source>Insured at fault</source>
        <translation>被保险人有责</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="205"/>
        <source>Insured not at fault</source>
        <translation>被保险人无责</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="236"/>
        <source>Ask the customer to read the last four digits of their ID number: %1.</source>
        <translation>请客户念出证件号末四位，应为：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="121"/>
        <source>Send to the customer&apos;s phone to sign</source>
        <translation>发送到客户手机签名</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/review_step.py" line="141"/>
        <source>The customer signed on their phone.</source>
        <translation>客户已在手机上签名。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="129"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="130"/>
        <source>Changes take effect at once.</source>
        <translation>修改立即生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="131"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="132"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="134"/>
        <location filename="../../ui/pages/settings_page.py" line="186"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="135"/>
        <location filename="../../ui/pages/settings_page.py" line="186"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="137"/>
        <location filename="../../ui/pages/settings_page.py" line="186"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="136"/>
        <source>Password (8+ characters)</source>
        <translation>密码（至少 8 位）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="153"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="154"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="155"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="156"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="157"/>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="172"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="174"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="174"/>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="186"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="218"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="234"/>
        <source>Choose a user in the table first.</source>
        <translation>请先在表格中选择用户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="238"/>
        <source>Done: %1.</source>
        <translation>已完成：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="247"/>
        <source>Type the new password in the password field, then choose the user.</source>
        <translation>请先在密码栏输入新密码，再选择用户。</translation>
    </message>
</context>
<context>
    <name>SmtpBox</name>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="65"/>
        <source>E-policy by e-mail (SMTP)</source>
        <translation>电子保单邮件发送（SMTP）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="67"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="68"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="69"/>
        <source>Security</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="70"/>
        <source>Sender address</source>
        <translation>发件地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="71"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="72"/>
        <source>Password (kept encrypted)</source>
        <translation>密码（加密保存）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="75"/>
        <source>Save e-mail settings</source>
        <translation>保存邮件设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/smtp_box.py" line="103"/>
        <source>Saved. E-policies go out from %1.</source>
        <translation>已保存。电子保单将从 %1 发出。</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="60"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="67"/>
        <location filename="../../ui/wizard/summary_panel.py" line="89"/>
        <source>not entered yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="69"/>
        <source>Insured: %1</source>
        <translation>被保险人：%1</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="76"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="77"/>
        <source>no plate yet</source>
        <translation>未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="92"/>
        <source>Basic</source>
        <translation>基础方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="93"/>
        <source>Standard</source>
        <translation>标准方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="94"/>
        <source>Full</source>
        <translation>全面方案</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="95"/>
        <source>Custom</source>
        <translation>自选险种</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="97"/>
        <source>Plan and premium</source>
        <translation>方案与保费</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="100"/>
        <source> · from %1</source>
        <translation> · %1 起保</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="48"/>
        <source>Pricing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="50"/>
        <source>%1 yuan</source>
        <translation>%1 元</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="52"/>
        <source>not priced yet</source>
        <translation>尚未报价</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="103"/>
        <source>Still to do</source>
        <translation>尚待完成</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/summary_panel.py" line="109"/>
        <source>Nothing: ready.</source>
        <translation>无，可以继续。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="85"/>
        <source>Sync with head office</source>
        <translation>与总公司同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="88"/>
        <source>Policies are issued here and uploaded when the line is up; nothing is lost while offline. Head office confirms each policy; the formal policy and the e-policy follow.</source>
        <translation>保单在本机出单，联网时自动上传；离线期间数据不会丢失。总公司确认后生成正式保单并发送电子保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="92"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="93"/>
        <source>Provision this desk</source>
        <translation>开通本设备</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="94"/>
        <source>Head office address</source>
        <translation>总公司地址</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="95"/>
        <source>Enrolment code</source>
        <translation>开通码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="96"/>
        <source>Outlet region code (new desk only)</source>
        <translation>网点行政区划代码（仅新设备）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="97"/>
        <source>Provision online</source>
        <translation>在线开通</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="98"/>
        <source>From a provisioning file…</source>
        <translation>使用开通文件…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="109"/>
        <source>Not provisioned: provision this desk below (administrator).</source>
        <translation>尚未开通：请管理员在下方开通本设备。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="113"/>
        <source>This desk is not set up with head office yet: ask an administrator to provision it. Policies issued here wait safely until then.</source>
        <translation>本设备尚未与总公司开通：请联系管理员开通。在此之前出的保单会安全保存在本机，开通后自动上传。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="117"/>
        <source>Head office has revoked this device: ask head office for a new enrolment code.</source>
        <translation>总公司已停用本设备：请向总公司索取新的开通码。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="119"/>
        <source>Not synced yet.</source>
        <translation>尚未同步。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="120"/>
        <source>Online.</source>
        <translation>在线。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="121"/>
        <source>Offline: everything waits here and goes when the line is back.</source>
        <translation>离线：数据保存在本机，网络恢复后自动发送。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="123"/>
        <source>Waiting to send: %1</source>
        <translation>待发送：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="128"/>
        <source>Last success: %1</source>
        <translation>上次成功：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="131"/>
        <source>Last error: %1</source>
        <translation>上次错误：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="167"/>
        <source>What</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="168"/>
        <source>Policy or subject</source>
        <translation>保单号或查询对象</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="169"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="170"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="171"/>
        <source>Next try</source>
        <translation>下次尝试</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="172"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="185"/>
        <source>Provisioned as device %1 of outlet %2.</source>
        <translation>已开通：网点 %2 的设备 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="205"/>
        <source>Contacting head office…</source>
        <translation>正在连接总公司…</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="218"/>
        <source>Head office could not be reached at this address: check the address and the network cable or Wi-Fi, then try again.</source>
        <translation>无法连接总公司：请检查总公司地址和网线或无线网络，然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="239"/>
        <source>Provisioning file from head office</source>
        <translation>总公司下发的开通文件</translation>
    </message>
    <message>
        <location filename="../../ui/pages/sync_page.py" line="241"/>
        <source>Provisioning files (*.json *.chudan)</source>
        <translation>开通文件 (*.json *.chudan)</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <location filename="../../ui/pages/training_page.py" line="184"/>
        <source>Training drills</source>
        <translation>实战演练</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="187"/>
        <source>Scenarios with the exceptions outlets meet. Each step is timed against the outlet&apos;s standard time; the debrief shows what you did, what was expected and why.</source>
        <translation>网点常见异常情形的演练场景。每一步按网点标准操作时间计时；讲评列出您的处理、应有的处理及依据。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="195"/>
        <source>Start drill</source>
        <translation>开始演练</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="198"/>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="199"/>
        <source>Issue this customer&apos;s policy in the wizard</source>
        <translation>在出单向导中为该客户出单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="200"/>
        <source>Clerk&apos;s user name</source>
        <translation>出单员用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="201"/>
        <source>Assign scenario</source>
        <translation>布置该场景</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="202"/>
        <source>Training mode at log-in</source>
        <translation>登录即进入培训模式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="203"/>
        <source>Drills</source>
        <translation>演练</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="204"/>
        <source>Results</source>
        <translation>成绩</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="205"/>
        <source>Leaderboard</source>
        <translation>排行榜</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="212"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="213"/>
        <location filename="../../ui/pages/training_page.py" line="240"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="214"/>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="215"/>
        <location filename="../../ui/pages/training_page.py" line="241"/>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="216"/>
        <location filename="../../ui/pages/training_page.py" line="242"/>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="224"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="224"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="239"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="243"/>
        <source>Time (s)</source>
        <translation>用时（秒）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="285"/>
        <source>Assigned to %1</source>
        <translation>已布置给 %1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="292"/>
        <source>%1 works in training mode from the next log-in</source>
        <translation>%1 下次登录起进入培训模式</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="424"/>
        <source>Step: %1</source>
        <translation>步骤：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="426"/>
        <source>standard time %1 s</source>
        <translation>标准时间 %1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="452"/>
        <source>customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="453"/>
        <source>vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="454"/>
        <source>coverage</source>
        <translation>险种与核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="455"/>
        <source>review and signature</source>
        <translation>核对与签字</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="456"/>
        <source>payment</source>
        <translation>收费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="457"/>
        <source>head office&apos;s answer</source>
        <translation>总公司答复</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="458"/>
        <source>endorsement</source>
        <translation>批改</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="515"/>
        <source>%1 of %2 points · %3</source>
        <translation>得分 %1 / %2 · %3</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="518"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="518"/>
        <source>not passed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="520"/>
        <source>%1 actions</source>
        <translation>操作 %1 次</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="525"/>
        <source>(no answer)</source>
        <translation>（未作答）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="530"/>
        <source>costly: %1</source>
        <translation>代价：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="548"/>
        <source>over the outlet&apos;s standard time</source>
        <translation>超出网点标准操作时间</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="553"/>
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="553"/>
        <source>You did</source>
        <translation>您的处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="553"/>
        <source>Expected</source>
        <translation>应有的处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="553"/>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="196"/>
        <source>Set up a competition (selected, or N drawn)</source>
        <translation>设置竞赛（所选场景，或随机抽取 N 个）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="197"/>
        <source>Start the competition</source>
        <translation>开始竞赛</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="330"/>
        <source>Competition %1: %2 scenarios, %3 minutes</source>
        <translation>竞赛 %1：%2 个场景，限时 %3 分钟</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="341"/>
        <source>No competition has been set up yet.</source>
        <translation>尚未设置竞赛。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="367"/>
        <source>Competition time left: %1</source>
        <translation>竞赛剩余时间：%1</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="388"/>
        <source>Time is up in competition %1: what was not finished is not counted.</source>
        <translation>竞赛 %1 时间已到：未完成的场景不计成绩。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/training_page.py" line="527"/>
        <source>(done in the wizard)</source>
        <translation>（在出单向导中完成）</translation>
    </message>
</context>
<context>
    <name>VehiclePhotos</name>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="129"/>
        <source>Vehicle photos from the yard</source>
        <translation>现场拍摄的车辆照片</translation>
    </message>
    <message>
        <location filename="../../ui/pages/phone_dialog.py" line="140"/>
        <source>This photo cannot be shown.</source>
        <translation>该照片无法显示。</translation>
    </message>
</context>
<context>
    <name>VehicleStep</name>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="260"/>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="263"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="261"/>
        <source>New car, no plate yet</source>
        <translation>新车未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="255"/>
        <source>Vehicle licence</source>
        <translation>行驶证</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="264"/>
        <source>VIN</source>
        <translation>车辆识别代号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="265"/>
        <source>Engine number</source>
        <translation>发动机号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="266"/>
        <source>Brand and model</source>
        <translation>品牌型号</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="268"/>
        <source>Owner (as on the licence)</source>
        <translation>车辆所有人（以行驶证为准）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="269"/>
        <source>Owner&apos;s ID number or credit code</source>
        <translation>所有人身份证号或统一社会信用代码</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="270"/>
        <source>Usage nature</source>
        <translation>使用性质</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="271"/>
        <source>Vehicle class</source>
        <translation>车辆类别</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="273"/>
        <source>Approved seats</source>
        <translation>核定载客</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="272"/>
        <source>First registration</source>
        <translation>初次登记日期</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="256"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="257"/>
        <source>Price and engine</source>
        <translation>价格与动力</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="258"/>
        <source>Scan vehicle licence…</source>
        <translation>扫描行驶证…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="259"/>
        <source>Scan its second page (seats)…</source>
        <translation>扫描行驶证副页（核定载人数）…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="267"/>
        <source>Vehicle type (as on the licence)</source>
        <translation>车辆类型（按行驶证）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="284"/>
        <source>New-car price (yuan)</source>
        <translation>新车购置价（元）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="285"/>
        <source>Displacement (L)</source>
        <translation>排量（升）</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="286"/>
        <source>Fuel</source>
        <translation>燃料</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="287"/>
        <source>invoice or list price</source>
        <translation>发票价或指导价</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="288"/>
        <source>on page 2</source>
        <translation>见副页</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="290"/>
        <source>Petrol</source>
        <translation>汽油</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="291"/>
        <source>Diesel</source>
        <translation>柴油</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="292"/>
        <source>Hybrid</source>
        <translation>油电混合</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="293"/>
        <source>Plug-in hybrid</source>
        <translation>插电式混合动力</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="294"/>
        <source>Battery electric</source>
        <translation>纯电动</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="295"/>
        <source>Fuel cell</source>
        <translation>燃料电池</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/vehicle_step.py" line="347"/>
        <source>The licence says %1: choose the usage nature that matches.</source>
        <translation>行驶证上的使用性质为“%1”：请选择对应的使用性质。</translation>
    </message>
</context>
<context>
    <name>WorkItemsPage</name>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="85"/>
        <source>Waiting for a person</source>
        <translation>待处理事项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="88"/>
        <source>Referrals, registry mismatches, payment failures and head office&apos;s rejections.</source>
        <translation>核保转人工、行驶证信息待核实、支付失败及总公司退回的保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="91"/>
        <source>Comment, resolution or decision note</source>
        <translation>备注、处理结果或审批意见</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="92"/>
        <source>Take it</source>
        <translation>认领</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="93"/>
        <source>Hand to:</source>
        <translation>转交给：</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="94"/>
        <source>Hand over</source>
        <translation>转交</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="95"/>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="96"/>
        <source>Resolve</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="97"/>
        <source>Approve</source>
        <translation>同意承保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="98"/>
        <source>Decline</source>
        <translation>拒绝承保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="99"/>
        <source>Refresh now</source>
        <translation>立即重新查询</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="127"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="137"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="138"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="139"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="140"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="141"/>
        <source>Policy or draft</source>
        <translation>保单或草稿</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="142"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="143"/>
        <source>Assigned to</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="144"/>
        <source>Waiting</source>
        <translation>已等待</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="196"/>
        <source>opened</source>
        <translation>开立</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="197"/>
        <source>handed to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="198"/>
        <source>commented</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="199"/>
        <source>resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="200"/>
        <source>referred</source>
        <translation>提交核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="201"/>
        <source>sent to head office</source>
        <translation>已送总公司核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="202"/>
        <source>approved</source>
        <translation>同意</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="203"/>
        <source>declined</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/pages/work_items_page.py" line="220"/>
        <source>Asking head office again now; if it still does not answer, resolve the item as &apos;defer issuance&apos;.</source>
        <translation>正在重新向总公司查询；如仍无答复，请将此事项办结为“暂缓出单”。</translation>
    </message>
</context>
</TS>
