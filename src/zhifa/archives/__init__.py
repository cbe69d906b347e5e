"""Archiving closed cases as electronic archives (归档与电子档案).

Six apps, each with its own models and migrations, call each other only through the functions
named here:

- ``casefiles`` (label ``archives``): the case file (案卷) of a closed case, its items and
  table of contents (卷内目录), archiving and freezing, additions (补充归档), late files.
  ``casefiles.assembly.open_case_file(case)``, ``casefiles.archiving.archive(user, case_file)``.
- ``retention``: retention schedules (归档范围和保管期限表) approved by the archives bureau,
  the period of a case file, legal holds. ``retention.periods.retention_for(case)``,
  ``retention.holds.holds_on(case)``.
- ``checks`` (label ``archive_checks``): the four-property check (四性检测).
  ``checks.runner.run_check(case_files, trigger, user=None)``.
- ``handover``: handover packages (移交) with their offline verifier.
  ``handover.package.write_package(case_files, target, profile)``.
- ``disposition``: appraisal (鉴定) and destruction (销毁) with ledger tombstones.
- ``use`` (label ``archive_use``): requests to consult or borrow (利用), logged in the access log.

``zhifa.archives.items`` reads and writes the bytes of case file items for all of them.
"""
