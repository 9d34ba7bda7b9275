"""Translation section: access control — sign-in labels (``access.*``), the user-file command
(``access.cli.*``) and the problems of a users file or an ``[access]`` table (``problem.*``)."""

TEXTS: dict[str, dict[str, str]] = {
    # --- labels the dashboard shows ---
    "access.sign_in": {"zh": "登录", "en": "Sign in"},
    "access.sign_in_sso": {"zh": "使用单位账号登录", "en": "Sign in with your organisation account"},
    "access.sign_out": {"zh": "退出登录", "en": "Sign out"},
    "access.username": {"zh": "用户名", "en": "User name"},
    "access.password": {"zh": "密码", "en": "Password"},
    "access.anonymous": {"zh": "访客", "en": "Guest"},
    "access.signed_in_as": {"zh": "当前用户：{name}（{role}）", "en": "Signed in as {name} ({role})"},
    "access.role.viewer": {"zh": "查看者", "en": "viewer"},
    "access.role.uploader": {"zh": "上传员", "en": "uploader"},
    "access.role.admin": {"zh": "管理员", "en": "administrator"},
    "access.scope.all": {"zh": "可查看全部党委", "en": "sees every committee"},
    "access.scope.some": {"zh": "可查看：{committees}", "en": "sees: {committees}"},
    "access.login_required": {
        "zh": "查看考核数据需要先登录，请输入用户名和密码",
        "en": "sign in to see the assessment data: enter your user name and password",
    },
    "access.wrong_credentials": {
        "zh": "用户名或密码不正确，请重新输入；忘记密码请联系管理员",
        "en": "wrong user name or password; try again, or ask an administrator to reset it",
    },
    "access.oidc_unknown": {
        "zh": "账号 {email} 尚未开通本系统权限，请联系组织部管理员添加",
        "en": "the account {email} has no access to this dashboard yet; ask the administrator to add it",
    },
    "access.not_allowed_upload": {
        "zh": "您的账号没有上传权限；上传考核表需要“上传员”或“管理员”角色",
        "en": "your account may not upload; uploading needs the uploader or administrator role",
    },
    "access.not_allowed_rollback": {
        "zh": "您的账号没有回退权限；回退数据版本需要“上传员”或“管理员”角色",
        "en": "your account may not roll back; rolling back needs the uploader or administrator role",
    },
    "access.local_mode": {
        "zh": "本机模式：尚未配置用户文件 config/users.toml，任何人都可上传和回退。正式部署请按 config/users.example.toml 配置用户以启用登录和权限。",
        "en": "local mode: no users file config/users.toml yet, so anyone may upload and roll back. "
              "For a real deployment, create users as in config/users.example.toml to enable sign-in and roles.",
    },
    "access.no_committee": {
        "zh": "您的账号可查看的党委在当前数据中都不存在，请联系管理员核对账号范围",
        "en": "none of the committees your account may see is in the data; ask the administrator to check your scope",
    },
    # --- python -m assess.auth ---
    "access.cli.password_prompt": {"zh": "请输入 {name} 的新密码：", "en": "New password for {name}: "},
    "access.cli.password_repeat": {"zh": "请再次输入密码：", "en": "Repeat the password: "},
    "access.cli.user_saved": {
        "zh": "已保存用户 {name}（{role}）到 {path}",
        "en": "saved user {name} ({role}) to {path}",
    },
    # --- problems of a users file / [access] table / password ---
    "problem.users_file_missing": {
        "zh": "找不到用户名单文件；请参照 config/users.example.toml 创建它，或用 python -m assess.auth add 添加第一个用户",
        "en": "the users file does not exist; create it from config/users.example.toml, "
              "or add the first user with python -m assess.auth add",
    },
    "problem.users_file_syntax": {
        "zh": "用户名单不是有效的 TOML（{detail}），请按 config/users.example.toml 的格式修改",
        "en": "the users file is not valid TOML ({detail}); fix it following config/users.example.toml",
    },
    "problem.users_unknown_key": {
        "zh": "未知的设置项“{setting}”，可用的有：{known}；请检查拼写",
        "en": "unknown setting “{setting}”; known ones are: {known}; check the spelling",
    },
    "problem.users_not_table": {
        "zh": "此处应为一个表（[users.用户名]），请按 config/users.example.toml 的格式书写",
        "en": "a table ([users.NAME]) is expected here; write it as in config/users.example.toml",
    },
    "problem.users_missing_role": {
        "zh": "用户 {name} 没有 role，请写 role = \"viewer\"、\"uploader\" 或 \"admin\"",
        "en": "user {name} has no role; write role = \"viewer\", \"uploader\" or \"admin\"",
    },
    "problem.users_unknown_role": {
        "zh": "未知角色“{role}”，角色只能是 viewer（查看）、uploader（上传）或 admin（管理）",
        "en": "unknown role “{role}”; a role is viewer, uploader or admin",
    },
    "problem.users_bad_value": {
        "zh": "“{setting}”的值类型不对，请照此格式书写：{setting} = {example}",
        "en": "“{setting}” has the wrong kind of value; write it like {setting} = {example}",
    },
    "problem.users_bad_hash": {
        "zh": "password_hash 不是 argon2 散列值；请用 python -m assess.auth add 设置密码，不要直接写入明文密码",
        "en": "password_hash is not an argon2 hash; set the password with python -m assess.auth add, "
              "never write a plain password into the file",
    },
    "problem.users_no_credential": {
        "zh": "用户 {name} 既没有 password_hash 也没有 oidc_email/oidc_sub，无法登录；请设置密码或单位账号",
        "en": "user {name} has neither a password_hash nor an oidc_email/oidc_sub and can never sign in; "
              "set a password or an organisation account",
    },
    "problem.users_empty_scope": {
        "zh": "committees 为空，该用户将什么也看不到；要查看全部党委请删去这一行，否则列出党委名称",
        "en": "committees is empty, so this user would see nothing; delete the line to allow every "
              "committee, or list the committees",
    },
    "problem.users_duplicate_identity": {
        "zh": "单位账号 {identity} 同时属于用户 {name} 和 {other}，每个账号只能对应一个用户",
        "en": "the organisation account {identity} belongs to both {name} and {other}; "
              "map each account to one user only",
    },
    "problem.user_name_invalid": {
        "zh": "用户名“{name}”无效：不能为空、不能含空格或控制字符，且不超过 64 个字符",
        "en": "the user name “{name}” is invalid: it must be non-empty, without spaces or control "
              "characters, and at most 64 characters",
    },
    "problem.password_empty": {
        "zh": "没有读到密码；请在提示处输入密码，或通过标准输入传入（不要写在命令行参数里）",
        "en": "no password was read; type it at the prompt or pipe it on standard input "
              "(never as a command-line argument)",
    },
    "problem.password_too_short": {
        "zh": "密码太短（至少 {min} 个字符），请换一个更长的密码",
        "en": "the password is too short (at least {min} characters); choose a longer one",
    },
    "problem.password_mismatch": {
        "zh": "两次输入的密码不一致，请重新运行命令",
        "en": "the two passwords differ; run the command again",
    },
}
