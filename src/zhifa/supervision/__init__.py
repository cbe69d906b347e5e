"""Supervision by the district judicial bureau (执法监督), split into apps by duty.

- ``reports``: monthly and annual enforcement data (月报、年报), the district report, the
  public yearly statistics page;
- ``alerts``: the daily sweep, in-app notifications, email and outbound channels, the
  bureau's dashboard;
- ``complaints``: complaints and reports from the public (投诉举报) and satisfaction ratings;
- ``evaluation``: case file evaluation (案卷评查) and the year-end assessment (考核);
- ``guidance``: guiding cases (案例指导), the register of agency rules (制度建设) and
  circulars (通报).

Each is its own Django app so that its models and migrations change on their own.
"""
