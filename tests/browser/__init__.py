"""Browser tests (Playwright + Debian chromium): shareable links, upload, back button, phone."""
