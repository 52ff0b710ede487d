<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExceptionsPage</name>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="17"/>
        <source>Waiting for a person</source>
        <translation>待处理事项</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="18"/>
        <source>Referrals, registry mismatches, payment failures and head office&apos;s rejections.</source>
        <translation>核保转人工、行驶证信息待核实、支付失败及总公司退回的保单。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="25"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="25"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="25"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="25"/>
        <source>Assigned to</source>
        <translation>处理人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/exceptions_page.py" line="26"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="127"/>
        <source>Chudan — first administrator</source>
        <translation>出单台 — 创建管理员</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="128"/>
        <source>No users yet. Create the administrator account; it can then add supervisors and clerks.</source>
        <translation>尚无用户。请先创建管理员账号，之后可由管理员添加主管和出单员。</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="129"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="129"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="130"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="130"/>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="132"/>
        <source>Create and log in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="133"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="142"/>
        <source>The two passwords differ; type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>IssuePage</name>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="16"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="18"/>
        <source>The guided issuance wizard (scan, check, quote, sign, pay, issue) arrives with the wizard issue. Drafts saved so far are listed below.</source>
        <translation>引导式出单向导（扫描、校验、报价、签名、缴费、出单）将在出单向导版本中提供。以下为已保存的草稿。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="22"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="22"/>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="22"/>
        <source>Coverage</source>
        <translation>险种方案</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="23"/>
        <source>Underwriting</source>
        <translation>核保</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="23"/>
        <source>Review and signature</source>
        <translation>复核签名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="24"/>
        <source>Payment</source>
        <translation>缴费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="24"/>
        <source>Issue</source>
        <translation>出单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="27"/>
        <source>Customer · plate</source>
        <translation>客户 · 车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="27"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="27"/>
        <source>Clerk</source>
        <translation>出单员</translation>
    </message>
    <message>
        <location filename="../../ui/pages/issue_page.py" line="27"/>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login_dialog.py" line="61"/>
        <source>Chudan — log in</source>
        <translation>出单台 — 登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="62"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="63"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="64"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="65"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="66"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/login_dialog.py" line="67"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="65"/>
        <source>Chudan insurance desk</source>
        <translation>出单台</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>New policy</source>
        <translation>新建投保</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>Waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="66"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Sync: not set up</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="74"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Rate table: none usable</source>
        <translation>费率表：无可用版本</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Rate table v%1</source>
        <translation>费率表 第%1版</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>(illustrative)</source>
        <translation>（示例费率）</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="17"/>
        <source>Policies</source>
        <translation>保单</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="18"/>
        <source>Newest first. ID numbers and phones are masked; a supervisor can reveal one (audited).</source>
        <translation>按时间倒序。证件号和手机号已脱敏；主管可查看完整信息（留痕审计）。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="22"/>
        <source>(no number yet)</source>
        <translation>（尚无保单号）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="23"/>
        <source>no plate yet</source>
        <translation>未上牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="25"/>
        <source>Policy number</source>
        <translation>保单号</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="25"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="25"/>
        <source>Policyholder</source>
        <translation>投保人</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="25"/>
        <source>Plate</source>
        <translation>车牌</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="26"/>
        <source>Premium</source>
        <translation>保费</translation>
    </message>
    <message>
        <location filename="../../ui/pages/policies_page.py" line="28"/>
        <source>No policies yet.</source>
        <translation>暂无保单。</translation>
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
        <location filename="../../ui/pages/reports_page.py" line="17"/>
        <source>Reports (the day&apos;s figures, renewal rate, issuance time) are not built yet; they arrive with a later issue.</source>
        <translation>报表（当日业绩、续保率、出单时效）尚未开发，将在后续版本提供。</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="77"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="78"/>
        <source>Changes take effect at once.</source>
        <translation>修改立即生效。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="79"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="80"/>
        <source>Users</source>
        <translation>用户管理</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="81"/>
        <location filename="../../ui/pages/settings_page.py" line="107"/>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="81"/>
        <location filename="../../ui/pages/settings_page.py" line="107"/>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="82"/>
        <location filename="../../ui/pages/settings_page.py" line="107"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="82"/>
        <source>Password (8+ characters)</source>
        <translation>密码（至少 8 位）</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="93"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="94"/>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="95"/>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="96"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="97"/>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="105"/>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="105"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="105"/>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="107"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="131"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="142"/>
        <source>Choose a user in the table first.</source>
        <translation>请先在表格中选择用户。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="149"/>
        <source>Done: %1.</source>
        <translation>已完成：%1。</translation>
    </message>
    <message>
        <location filename="../../ui/pages/settings_page.py" line="155"/>
        <source>Type the new password in the password field, then choose the user.</source>
        <translation>请先在密码栏输入新密码，再选择用户。</translation>
    </message>
</context>
</TS>
