"""The technician's maintenance mode without Qt: PIN, paper, reprints, statistics, system, content.

The Qt screens in ``ui`` call these functions; nothing here imports ``printers``, ``sync``
or ``ui``.
"""

from kiosk.maintenance.audit import TECHNICIAN, audit_action
from kiosk.maintenance.content import (
    ContentVersions,
    catalogue_folder,
    content_versions,
    export_folders,
    install_catalogue_from_folder,
    schedule_summary,
    usb_folders,
)
from kiosk.maintenance.paper import PaperRoll, PaperUsage, paper_roll
from kiosk.maintenance.pin_store import (
    current_pin_hash,
    ensure_initial_pin,
    initial_pin_file,
    lock_file,
    pin_guard,
    pin_hash_file,
    set_pin,
)
from kiosk.maintenance.records import RecentRecord, RecordKind, recent_records
from kiosk.maintenance.statistics import (
    ExportError,
    PeriodStats,
    StatsSummary,
    csv_name,
    export_csv,
    period_stats,
    statistics_rows,
    statistics_summary,
)
from kiosk.maintenance.system import (
    SystemInfo,
    app_version,
    human_bytes,
    recent_log_lines,
    system_info,
)
from kiosk.maintenance_pin import PinFormatError, PinGuard, hash_pin, verify_pin
from kiosk.storage import integrity_check  # re-exported: the System page's database check

__all__ = [
    "TECHNICIAN",
    "ContentVersions",
    "ExportError",
    "PaperRoll",
    "PaperUsage",
    "PeriodStats",
    "PinFormatError",
    "PinGuard",
    "RecentRecord",
    "RecordKind",
    "StatsSummary",
    "SystemInfo",
    "app_version",
    "audit_action",
    "catalogue_folder",
    "content_versions",
    "csv_name",
    "current_pin_hash",
    "ensure_initial_pin",
    "export_csv",
    "export_folders",
    "hash_pin",
    "human_bytes",
    "initial_pin_file",
    "install_catalogue_from_folder",
    "integrity_check",
    "lock_file",
    "paper_roll",
    "period_stats",
    "pin_guard",
    "pin_hash_file",
    "recent_log_lines",
    "recent_records",
    "schedule_summary",
    "set_pin",
    "statistics_rows",
    "statistics_summary",
    "system_info",
    "usb_folders",
    "verify_pin",
]
