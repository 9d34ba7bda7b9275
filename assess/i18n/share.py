"""Texts of the in-page share control (pages/_share.py): copy the view's link, its QR code."""

TEXTS = {
    "share.qr": {"zh": "二维码", "en": "QR code"},
    "share.qr_help": {"zh": "用手机扫码打开同一视图（会上分享用）",
                      "en": "Scan with a phone to open this same view (for meetings)"},
    "share.qr_caption": {"zh": "扫码打开当前视图：同样的期间、筛选与方法",
                         "en": "Scan to open this view: the same period, filters and method"},
}
