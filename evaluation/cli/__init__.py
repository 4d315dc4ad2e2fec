"""Flask commands, one module per area. They call the same services as the views and commit once.

Every command is attached here, explicitly: reading this file tells which commands exist."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from .delivery import mail_group, national_group
    from .demo import demo_command
    from .disclosure import (
        export_decision,
        export_notice,
        export_report,
        export_summary,
        import_group,
        token_group,
    )
    from .export import export_group
    from .ops import audit_group, backup_command, restore_command

    export_group.add_command(export_notice)
    export_group.add_command(export_decision)
    export_group.add_command(export_report)
    export_group.add_command(export_summary)
    for command in (
        demo_command,
        export_group,
        import_group,
        token_group,
        audit_group,
        backup_command,
        restore_command,
        mail_group,
        national_group,
    ):
        app.cli.add_command(command)
