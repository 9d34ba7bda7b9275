"""Texts of issue 18 (a phone, and 10,000 branches): the in-page share control (pages/_share.py) and
the charts that summarise thousands of branches."""

TEXTS = {
    "share.qr": {"zh": "二维码", "en": "QR code"},
    "share.qr_help": {"zh": "用手机扫码打开同一视图（会上分享用）",
                      "en": "Scan with a phone to open this same view (for meetings)"},
    "share.qr_caption": {"zh": "扫码打开当前视图：同样的期间、筛选与方法",
                         "en": "Scan to open this view: the same period, filters and method"},
    "ui.chart.committee_band": {"zh": "各党委中间 80% 的范围（共 {n} 个）",
                                "en": "Middle 80 % of the committees ({n})"},
}
