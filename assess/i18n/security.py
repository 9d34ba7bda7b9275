"""Translation section: security — a damaged write-ahead log, writes outside a user's scope,
sign-in attempts limited, a scoped viewer's ranks (``problem.*``, ``security.*``)."""

TEXTS: dict[str, dict[str, str]] = {
    "problem.database_wal_damaged": {
        "zh": "数据库文件 {path} 的预写日志 {wal} 已损坏（多为写入时进程被强行结束；{detail}）。请先停止看板，"
              "从备份恢复数据库文件（连同 .wal 文件）；或将 {wal} 移到别处后重新启动，数据库将回到最后一次完整保存时的状态，"
              "此后的上传需重新导入",
        "en": "the write-ahead log {wal} of the database file {path} is damaged (usually a process killed while "
              "writing; {detail}). Stop the dashboard and restore the database file (with its .wal file) from a "
              "backup; or move {wal} elsewhere and start again: the store goes back to its last complete save "
              "and the uploads after it must be imported again",
    },
    "problem.upload_out_of_scope": {
        "zh": "第 {row} 行的支部“{branch}”属于党委“{committee}”，不在您可上传的范围（{allowed}）内；"
              "请删去其他党委的行后重新上传，或请组织部管理员上传",
        "en": "row {row}: the branch “{branch}” belongs to the committee “{committee}”, outside the committees "
              "you may upload for ({allowed}); remove the other committees' rows and upload again, or ask "
              "an administrator of the organisation department to upload it",
    },
    "problem.rollback_scoped": {
        "zh": "回退会改写所有党委的数据，您的账号仅限于（{committees}），不能回退；请联系组织部管理员",
        "en": "a rollback rewrites every committee's data and your account is limited to ({committees}): "
              "ask an administrator of the organisation department to roll back",
    },
    "security.sign_in.too_many": {
        "zh": "登录失败次数过多（同一账号或同一地址 {window} 分钟内最多失败 {failures} 次），请 {minutes} 分 {seconds} 秒后再试；"
              "忘记密码请联系管理员",
        "en": "too many failed sign-ins (at most {failures} per account or address within {window} minutes): try again "
              "in {minutes} min {seconds} s, or ask an administrator to reset your password",
    },
}
